"""HUD's names of the data elements the collection rules ask for, marked for translation.

The forms' headings and the missing-data lists show them in the user's language (``collection.element_name``); a test
keeps this list equal to the rules' element names.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

ELEMENT_NAMES = frozenset(
    {
        gettext_noop("Aftercare Plans"),
        gettext_noop("Bed-night Date"),
        gettext_noop("Chronic Health Condition"),
        gettext_noop("Commercial Sexual Exploitation/Sex Trafficking"),
        gettext_noop("Connection with SOAR"),
        gettext_noop("Counseling"),
        gettext_noop("Current Living Situation"),
        gettext_noop("Date of Engagement"),
        gettext_noop("Dental Health Status"),
        gettext_noop("Destination"),
        gettext_noop("Developmental Disability"),
        gettext_noop("Disabling Condition"),
        gettext_noop("Domestic Violence"),
        gettext_noop("Employment Status"),
        gettext_noop("Enrollment CoC"),
        gettext_noop("Family Critical Issues"),
        gettext_noop("Financial Assistance - HOPWA"),
        gettext_noop("Financial Assistance - SSVF"),
        gettext_noop("Formerly a Ward of Child Welfare/Foster Care Agency"),
        gettext_noop("Formerly a Ward of Juvenile Justice System"),
        gettext_noop("General Health Status"),
        gettext_noop("HIV/AIDS"),
        gettext_noop("HP Targeting Criteria"),
        gettext_noop("HUD-VASH Exit Information"),
        gettext_noop("HUD-VASH Voucher Tracking"),
        gettext_noop("Health Insurance"),
        gettext_noop("Housing Assessment at Exit"),
        gettext_noop("Housing Move-In Date"),
        gettext_noop("Income and Sources"),
        gettext_noop("Labor Exploitation/Trafficking"),
        gettext_noop("Last Grade Completed"),
        gettext_noop("Medical Assistance"),
        gettext_noop("Mental Health Consultation"),
        gettext_noop("Mental Health Disorder"),
        gettext_noop("Mental Health Status"),
        gettext_noop("Moving On Assistance Provided"),
        gettext_noop("Non-Cash Benefits"),
        gettext_noop("PATH Status"),
        gettext_noop("Percent of AMI (SSVF Eligibility)"),
        gettext_noop("Physical Disability"),
        gettext_noop("Pregnancy Status"),
        gettext_noop("Prescribed Anti-Retroviral"),
        gettext_noop("Prior Living Situation"),
        gettext_noop("Project Completion Status"),
        gettext_noop("RHY Service Connections"),
        gettext_noop("RHY-BCP Status"),
        gettext_noop("Referral Source"),
        gettext_noop("Referrals Provided - PATH"),
        gettext_noop("Safe and Appropriate Exit"),
        gettext_noop("School Status"),
        gettext_noop("Services Provided - HOPWA"),
        gettext_noop("Services Provided - PATH Funded"),
        gettext_noop("Services Provided - SSVF"),
        gettext_noop("Sexual Orientation"),
        gettext_noop("Substance Use Disorder"),
        gettext_noop("T-cell (CD4) and Viral Load"),
        gettext_noop("Translation Assistance Needed"),
        gettext_noop("VAMC Station Number"),
        gettext_noop("Veteran's Information"),
        gettext_noop("Youth Education Status"),
    }
)


def translated_element_name(name: str) -> str:
    """The element's name in the active language (a name not in the list as it is)."""
    return gettext(name) if name in ELEMENT_NAMES else name

"""Hearth: an open-source HMIS for US Continuums of Care."""

"""HUD Data Lab test kit 2.0 (FY2022): every implemented APR/CAPER table matches, cell by cell."""

import pytest

from hearth.reports import conformance

pytestmark = pytest.mark.skipif(
    not conformance.kit_present(),
    reason=f"HUD test kit {conformance.KIT} not found at {conformance.kit_path()} (set HEARTH_TESTKITS)",
)


@pytest.fixture(scope="module")
def kit_dataset():
    from hearth.reports.engine import load_dataset

    return load_dataset(conformance.kit_path() / "inputs" / "merged")


@pytest.mark.slow
@pytest.mark.parametrize("report", ["apr", "caper"])
def test_every_implemented_table_matches_the_kit(report, kit_dataset):
    results = conformance.run_kit(report, dataset=kit_dataset)
    assert len(results) == len(conformance.KIT_RUNS[report])
    for result in results:
        assert result.tables, f"{result.run}: no table compared"
        assert result.compared > 0
        assert result.ok, "\n".join(conformance.format_results([result]))


def test_comparison_rules():
    assert conformance.same("0.3333", "0.3333")
    assert conformance.same("", "0")
    assert conformance.same("$810.00", "810")
    assert not conformance.same("3", "4")
    assert not conformance.same("VESTA", "Hearth")

"""The intervention catalogue loads, covers the three tracks and refuses broken files in Dutch."""

from __future__ import annotations

from collections import Counter

import pytest

from duiding.plan.catalogue import CatalogueError, load_catalogue, parse_catalogue

HEADER = "id;naam;spoor;erkenning;beschrijving;bron"


def test_shipped_catalogue_has_at_least_30_interventions_over_three_tracks():
    catalogue = load_catalogue()
    tracks = Counter(iv.track for iv in catalogue)
    assert len(catalogue) >= 30
    assert set(tracks) == {"group", "person", "domain"}
    assert min(tracks.values()) >= 8


def test_shipped_catalogue_names_the_well_known_interventions_with_their_levels():
    by_id = {iv.id: iv for iv in load_catalogue()}
    assert by_id["P-MST"].recognition_label == "Effectief volgens sterke aanwijzingen"
    assert (by_id["P-MST"].age_min, by_id["P-MST"].age_max) == (12, 18)
    assert by_id["P-TOOLS4U"].recognition_label == "Effectief volgens eerste aanwijzingen"
    assert by_id["P-AJB"].name == "Alleen jij bepaalt wie je bent (AJB)"
    assert by_id["D-GEBIEDSVERBOD"].recognition == "not_assessed"
    assert "weapons" in by_id["D-FOUILLEREN"].problems
    assert "online" in by_id["D-DIGITALEWIJKAGENT"].problems
    assert "family_problems" in by_id["P-FFT"].risk_factors


def test_every_entry_has_a_source_and_description():
    for iv in load_catalogue():
        assert iv.source and iv.description, iv.id


def test_labels_are_accepted_instead_of_codes():
    text = HEADER + ";risicofactoren\nX;Iets;Persoonsgericht;Goed onderbouwd;Tekst.;Bron;Gezinsproblemen"
    (iv,) = parse_catalogue(text)
    assert (iv.track, iv.recognition, iv.risk_factors) == ("person", "well_founded", ("family_problems",))


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("X;Iets;rondom;niet beoordeeld;Tekst.;Bron", "Regel 2: onbekend spoor 'rondom'"),
        ("X;Iets;group;heel goed;Tekst.;Bron", "Regel 2: onbekend erkenningsniveau 'heel goed'"),
        ("X;;group;niet beoordeeld;Tekst.;Bron", "Regel 2: 'naam' is leeg."),
        (
            "X;Iets;group;niet beoordeeld;Tekst.;Bron\nX;Ander;group;niet beoordeeld;Tekst.;Bron",
            "Regel 3: id 'X' komt al eerder voor.",
        ),
        ("X;Iets;group;niet beoordeeld;Tekst; met puntkomma.;Bron", "Regel 2: te veel velden"),
    ],
)
def test_broken_rows_are_refused_with_a_dutch_message(row, message):
    with pytest.raises(CatalogueError) as info:
        parse_catalogue(HEADER + "\n" + row)
    assert any(p.startswith(message) for p in info.value.problems), info.value.problems


def test_unknown_factor_code_and_bad_age_are_reported():
    text = (
        HEADER
        + ";risicofactoren;leeftijd_min;leeftijd_max\nX;Iets;person;niet beoordeeld;T.;B;verveling;18;12"
    )
    with pytest.raises(CatalogueError) as info:
        parse_catalogue(text)
    assert info.value.problems == [
        "Regel 2: onbekende code 'verveling' in 'risicofactoren'.",
        "Regel 2: leeftijd_min (18) is groter dan leeftijd_max (12).",
    ]


def test_missing_required_column_is_refused():
    with pytest.raises(CatalogueError, match="Kolom ontbreekt: erkenning"):
        parse_catalogue("id;naam;spoor;beschrijving;bron\nX;Iets;group;T.;B")

from datetime import date

from marsad.model import GUIDE_FIELDS, Event, Span


def test_event_dict_has_guide_keys_first_and_round_trips():
    event = Event(
        event_type="Battles",
        sub_event_type="Armed clash",
        event_date=date(2018, 2, 7),
        time_precision=1,
        country="Syria",
        fatalities=100,
        spans={"fatalities": Span(10, 13, "100")},
    )
    data = event.to_dict()
    assert tuple(data)[: len(GUIDE_FIELDS)] == GUIDE_FIELDS
    assert data["event_date"] == "2018-02-07"
    assert Event.from_dict(data) == event

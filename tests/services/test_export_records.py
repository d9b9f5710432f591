"""The vendor rows an export plan lists: a first round's lines (each ID once, none registered) are taken whole
in C; any other plan line by line. Either way the rows are those of the plain rule below."""

from hypothesis import given, settings
from hypothesis import strategies as st

from shuudan_xl.rules.vendor_rows import Link, Registration
from shuudan_xl.services.export import ExportLine, ExportPlan


def plain_registrations(plan: ExportPlan) -> list[Registration]:
    # Each new ID once, in the lines' order, then the spare IDs not listed yet (the rule as first written).
    seen, out = set(), []
    for line in plan.lines:
        if not line.registered and line.login_id not in seen:
            seen.add(line.login_id)
            out.append(Registration(line.login_id, line.password, line.group))
    for spare in plan.spares:
        if spare["id"] not in seen:
            seen.add(spare["id"])
            out.append(Registration(spare["id"], spare["password"], spare["group"]))
    return out


_IDS = st.sampled_from(["n131234567", "n131234568", "m13501704", "s471234567", "d27501704"])
_LINES = st.builds(lambda i, p, g, r: ExportLine(None, i, p, g, "指定時集団指導（医科）6月", r, True, "generated"),
                   _IDS, st.sampled_from(["k7pq3zz9wb", "a2b3c4d5e"]), st.sampled_from(["東京13", "北海道01"]),
                   st.booleans())
_SPARES = st.lists(st.builds(lambda i: {"id": i, "password": "spare2345x", "group": "東京13"}, _IDS), max_size=3)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINES, max_size=6), _SPARES)
def test_registration_and_video_rows_are_those_of_the_plain_rule(lines, spares):
    plan = ExportPlan(1, lines=lines, spares=spares)
    assert plan.registration_records() == plain_registrations(plan)
    assert all(type(r) is Registration for r in plan.registration_records())
    assert plan.video_records() == [Link(line.login_id, line.video) for line in lines]
    assert all(type(r) is Link for r in plan.video_records())
    assert plan.new_lines == [line for line in lines if not line.registered]
    seen, first = set(), []  # each new ID's first line: the registration book's rows and confirm's entries
    for line in lines:
        if not line.registered and line.login_id not in seen:
            seen.add(line.login_id)
            first.append(line)
    got = plan.first_new_lines()
    assert len(got) == len(first) and all(a is b for a, b in zip(got, first, strict=True))


def test_a_first_round_lists_every_line_then_the_spares_not_listed():
    lines = [ExportLine(None, i, "k7pq3zz9wb", "東京13", "v", False, True, "generated") for i in ("n131", "n132")]
    spares = [{"id": "n132", "password": "x", "group": "東京13"}, {"id": "s13", "password": "y", "group": "東京13"}]
    plan = ExportPlan(1, lines=lines, spares=spares)
    assert plan.registration_records() == [("n131", "k7pq3zz9wb", "東京13"), ("n132", "k7pq3zz9wb", "東京13"),
                                           ("s13", "y", "東京13")]

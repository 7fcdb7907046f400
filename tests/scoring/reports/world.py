"""A frozen ranking with Kazakh and Russian texts, and the text of a PDF: shared by the report tests."""

import io
from decimal import Decimal

from pypdf import PdfReader

from scoring.ranking.services import ranking_freeze
from tests import factories as f
from tests.scoring.results_world import ranked_competition, scored_application

KAZAKH = "әғқңөұүһі"


def frozen_snapshot(official):
    competition = ranked_competition(weights=("2", "1"), pass_threshold="10", total_budget="3000000",
                                     title_kk=f"Жастар конкурсы {KAZAKH}", title_ru="Молодёжный конкурс")
    names = ["Бірінші ұйым", "Второе объединение", "Үшінші қор <b>&</b>"]
    scores = [[[9, 9], [9, 8]], [[7, 7], [7, 6]], [[3, 3], [2, 3]]]
    for name, expert_scores in zip(names, scores, strict=True):
        scored_application(competition, expert_scores, organization=f.OrganizationFactory(name=name),
                           title=f"Жоба {KAZAKH} {KAZAKH.upper()} — {name}", requested="1000000")
    return ranking_freeze(competition=competition, actor=official)


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def inflate(snapshot, rows, *, criteria=10):
    """The snapshot's data stretched to ``rows`` ranked applications on ``criteria`` criteria (not saved):
    the report lays out what it is given, so a large report needs no thousands of real evaluations."""
    data = snapshot.data
    data["rubric"] = [{**data["rubric"][0], "order": n, "title": f"Критерий {n} / өлшемшарт {n}", "weight": "1.00",
                       "max_score": "10.00", "min_score": "0.00"} for n in range(1, criteria + 1)]
    template = data["rows"]
    data["rows"] = []
    for index in range(rows):
        score = Decimal(9 * criteria) * (rows - index) / rows
        mean = str((score / criteria).quantize(Decimal("0.01")))
        data["rows"].append({
            **template[index % len(template)], "rank": index + 1,
            "registration_number": f"SZ-2026-9999-{index + 1:04d}",
            "final_score": str(score.quantize(Decimal("0.001"))),
            "criterion_means": {str(n): mean for n in range(1, criteria + 1)},
            "expert_totals": [str((score + 1).quantize(Decimal("0.01"))), str((score - 1).quantize(Decimal("0.01")))]})
    data["method"]["pass_threshold"] = str(4 * criteria)
    return snapshot

"""A frozen ranking with Kazakh and Russian texts, and the text of a PDF: shared by the report tests."""

import io

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

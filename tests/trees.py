"""Build content trees for tests: a small valid baseline, then edits per test."""

from __future__ import annotations

import shutil
from pathlib import Path

COURSE = "courses/01-demo"
MODULE = f"{COURSE}/01-basics"
MODULE2 = f"{COURSE}/02-more"

# A tiny but complete course: two languages, two modules, lessons, a quiz, media and a path.
BASELINE: dict[str, str] = {
    f"{COURSE}/course.md": """---
title: Demo course
summary: A course for tests.
language: en
languages: [en, fr]
hours: 2
sequential: true
certificate: {min_average: 70, require_all_lessons: true}
---

Welcome to the demo course.
""",
    f"{COURSE}/course.fr.md": """---
title: Cours de démonstration
summary: Un cours pour les tests.
---

Bienvenue dans le cours.
""",
    f"{MODULE}/module.md": "---\ntitle: Basics\nsummary: The first module.\n---\n",
    f"{MODULE}/module.fr.md": "---\ntitle: Les bases\n---\n",
    f"{MODULE}/01-intro.md": """---
title: Introduction
minutes: 5
---

A human rights city is a **community** and a process.

![Map of the cities](../media/map.svg)

See [the next lesson](02-charters.md) and [the quiz](03-check.md#q).
""",
    f"{MODULE}/01-intro.fr.md": """---
title: Introduction (fr)
---

Une ville des droits humains est une communauté.

![Carte des villes](../media/map.svg)
""",
    f"{MODULE}/02-charters.md": """---
title: Charters
required: false
---

| Charter | Year |
|---|---|
| Saint-Denis | 2000 |

Footnote here.[^1]

[^1]: A note.
""",
    f"{MODULE}/02-charters.fr.md": "---\ntitle: Chartes\n---\n\nLes chartes.\n",
    f"{MODULE}/03-check.md": """---
type: quiz
title: Check your understanding
pass_mark: 70
max_attempts: 3
---

Answer the questions.

## Which body adopted the Global Charter-Agenda? {#adopted-by}

- [ ] The UN General Assembly
  The General Assembly has adopted no charter on cities.
- [x] The UCLG World Council
- [ ] The European Parliament

> The UCLG World Council adopted it in Florence in 2011.

## Which are charters? {#charters}

- [x] Montréal Charter
  Yes.
- [x] Gwangju Human Rights Charter
  Yes.
- [ ] The New Urban Agenda
  No: it is a UN agenda.
- [ ] The Sustainable Development Goals
  No: they are global goals.

## Name the Korean city that hosts the forum. {#forum-city}

= Gwangju

> Gwangju hosts it every year.
""",
    f"{MODULE}/03-check.fr.md": """---
title: Vérifiez vos connaissances
---

## Quel organe a adopté la Charte-Agenda ? {#adopted-by}

- [ ] L'Assemblée générale
  Non.
- [x] Le Conseil mondial de CGLU
- [ ] Le Parlement européen

> Le Conseil mondial de CGLU, à Florence.

## Lesquelles sont des chartes ? {#charters}

- [x] La Charte de Montréal
- [x] La Charte de Gwangju
- [ ] Le Nouvel Agenda urbain
- [ ] Les objectifs de développement durable

> Deux chartes.

## Quelle ville coréenne accueille le forum ? {#forum-city}

= Gwangju
= 광주

> Gwangju.
""",
    f"{MODULE2}/module.md": "---\ntitle: More\n---\n",
    f"{MODULE2}/module.fr.md": "---\ntitle: Plus\n---\n",
    f"{MODULE2}/01-housing.md": "---\ntitle: Housing\n---\n\nHousing is a right.\n",
    f"{MODULE2}/01-housing.fr.md": "---\ntitle: Logement\n---\n\nLe logement est un droit.\n",
    "paths/practitioner.md": """---
title: Practitioner
summary: The whole path.
courses: [demo]
sequential: true
---

Follow the courses in order.
""",
    "paths/practitioner.fr.md": "---\ntitle: Praticien\nsummary: Tout le parcours.\n---\n",
}
MEDIA = {
    f"{COURSE}/media/map.svg": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    "<title>Map</title></svg>",
}


class TreeBuilder:
    """Writes, edits, moves and removes files of a content tree."""

    def __init__(self, root: Path):
        self.root = root

    def baseline(self) -> TreeBuilder:
        """Write the valid baseline tree."""
        for name, text in {**BASELINE, **MEDIA}.items():
            self.write(name, text)
        return self

    def write(self, name: str, text: str | bytes) -> Path:
        """Create or replace a file."""
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def read(self, name: str) -> str:
        """A file's text."""
        return (self.root / name).read_text(encoding="utf-8")

    def replace(self, name: str, old: str, new: str) -> None:
        """Replace text in a file; the old text must be there."""
        text = self.read(name)
        assert old in text, f"{old!r} not in {name}"
        self.write(name, text.replace(old, new, 1))

    def move(self, old: str, new: str) -> None:
        """Move a file (renumber it, or put it in another module)."""
        target = self.root / new
        target.parent.mkdir(parents=True, exist_ok=True)
        (self.root / old).rename(target)

    def remove(self, name: str) -> None:
        """Delete a file or a folder."""
        path = self.root / name
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


REFLECT = f"{MODULE}/04-reflect.md"
PLAN = f"{MODULE}/05-plan.md"
QUIZ = f"{MODULE}/03-check.md"
# Facilitator notes carry these markers, so that tests can look for them in what learners get.
NOTES = (
    "FACILITATOR-COURSE-NOTE",
    "FACILITATOR-MODULE-NOTE",
    "FACILITATOR-LESSON-NOTE",
    "FACILITATOR-QUIZ-NOTE",
    "FACILITATOR-PLAN-NOTE",
    "FACILITATOR-FR-NOTE",
)

# The second edition of the format on top of the baseline: reflections and facilitator notes
# in course, module and lesson bodies, a note in a quiz, an assignment with its rubric.
SECOND_EDITION: dict[str, str] = {
    f"{COURSE}/course.md": BASELINE[f"{COURSE}/course.md"]
    + "\n::: facilitator\nFACILITATOR-COURSE-NOTE: welcome the cohort.\n:::\n",
    f"{MODULE}/module.md": """---
title: Basics
summary: The first module.
---

What this module covers.

::: facilitator
FACILITATOR-MODULE-NOTE: open with a round of introductions.
:::

::: reflection {#module-hope}
What do you hope to learn in this module?
:::
""",
    f"{MODULE}/module.fr.md": """---
title: Les bases
---

Ce que couvre ce module.

::: reflection {#module-hope}
Qu'espérez-vous apprendre dans ce module ?
:::
""",
    QUIZ: BASELINE[QUIZ].replace(
        "Answer the questions.\n",
        "Answer the questions.\n\n::: facilitator\nFACILITATOR-QUIZ-NOTE: debrief.\n:::\n",
    ),
    REFLECT: """---
title: Reflect
---

Some text before the prompts.

::: reflection {#first-step}
For your city: which office would host a **human rights desk**? See [the charters](02-charters.md).
:::

::: facilitator
FACILITATOR-LESSON-NOTE: give groups ten minutes; compare with [the intro](01-intro.md).
:::

Some text between the prompts.

::: reflection {#second-step}
Who would you call first?
:::
""",
    REFLECT.replace(".md", ".fr.md"): """---
title: Réfléchir
---

Un texte avant les questions.

::: reflection {#first-step}
Pour votre ville : quel service accueillerait un **bureau des droits** ?
:::

Un texte entre les questions.

::: reflection {#second-step}
Qui appelleriez-vous en premier ?
:::

::: facilitator
FACILITATOR-FR-NOTE: une note libre.
:::
""",
    PLAN: """---
type: assignment
title: My city's first agenda
reviews: 3
pass_mark: 50
max_words: 800
---

Write one page: two or three rights your city will work on first. See [the intro](01-intro.md).

::: facilitator
FACILITATOR-PLAN-NOTE: read two drafts aloud.
:::

## Are two or three rights named, each with a reason? {#rights}

Look for reasons tied to the city.

- 0 Not yet: no right is named.
- 1 Partly: rights without reasons.
- 2 Yes: two or three rights, each with a reason.

## Does each right come with a first action? {#actions}

- 0 No action is given.
- 2 Actions without an office or a date.
- 4 Every right has an action, an office and a date.
""",
    PLAN.replace(".md", ".fr.md"): """---
title: Le premier agenda de ma ville
---

Écrivez une page : deux ou trois droits sur lesquels votre ville travaillera d'abord.

## Deux ou trois droits sont-ils nommés, chacun avec une raison ? {#rights}

- 0 Pas encore : aucun droit n'est nommé.
- 1 En partie : des droits sans raisons.
- 2 Oui : deux ou trois droits, chacun avec une raison.

## Chaque droit vient-il avec une première action ? {#actions}

- 0 Aucune action.
- 2 Des actions sans service ni date.
- 4 Chaque droit a une action, un service et une date.
""",
}


def second_edition(builder: TreeBuilder) -> TreeBuilder:
    """The baseline with the second edition's files on top."""
    builder.baseline()
    for name, text in SECOND_EDITION.items():
        builder.write(name, text)
    return builder

"""The exchange's test world: the second edition's tree (reflections), two cohorts in two cities."""

from __future__ import annotations

from sqlalchemy import select

from mooc.cohorts import services as cohorts
from mooc.courses.models import Course, ReflectionPrompt
from mooc.exchange import services
from mooc.extensions import db
from tests.cohorts.helpers import make_cohort
from tests.factories import CityFactory, UserFactory
from tests.trees import COURSE, second_edition


def sync_second_edition(runner, tree) -> None:
    """The tree with reflections and facilitator notes, every module open."""
    second_edition(tree)
    tree.replace(f"{COURSE}/course.md", "sequential: true", "sequential: false")
    result = runner.invoke(args=["content", "sync", str(tree.root)])
    assert result.exit_code == 0, result.output


def course() -> Course:
    return db.session.scalar(select(Course).where(Course.slug == "demo"))


def prompt(slug: str = "first-step") -> ReflectionPrompt:
    return db.session.scalar(select(ReflectionPrompt).where(ReflectionPrompt.slug == slug))


def two_cohorts():
    """Cohort A (Montevideo, Latin America) and B (Barcelona, Europe), a trainer each, learners."""
    montevideo = CityFactory(name="Montevideo", country="UY", region="latin-america")
    barcelona = CityFactory(name="Barcelona", country="ES", region="europe")
    a, trainer_a = make_cohort(city=montevideo, name="A")
    b, trainer_b = make_cohort(city=barcelona, name="B")
    ana = UserFactory(display_name="Ana Montevideo", city_id=montevideo.id, language="es")
    bea = UserFactory(display_name="Bea Montevideo", city_id=montevideo.id)
    carla = UserFactory(display_name="Carla Barcelona", city_id=barcelona.id, language="fr")
    cohorts.join(ana, a.join_code)
    cohorts.join(bea, a.join_code)
    cohorts.join(carla, b.join_code)
    return {
        "a": a,
        "b": b,
        "trainer_a": trainer_a,
        "trainer_b": trainer_b,
        "ana": ana,
        "bea": bea,
        "carla": carla,
    }


def answer(user, text="My answer", slug="first-step", **sharing):
    """`user`'s answer to a prompt, shared as `sharing` says."""
    return services.save_answer(user, course(), prompt(slug), text, user.language, **sharing)

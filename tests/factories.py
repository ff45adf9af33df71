"""factory-boy factories bound to the app's database session: one for every model
(tests/test_factories.py checks that a new model gets one)."""

from __future__ import annotations

import factory
from werkzeug.security import generate_password_hash

from mooc.accounts.models import ApiToken, TrainerCity, User
from mooc.assignments.models import Criterion, CriterionTranslation, Review, Submission
from mooc.certificates.models import Certificate
from mooc.cities.models import MemberCity
from mooc.clock import utcnow
from mooc.cohorts.models import (
    Cohort,
    CohortInvitation,
    CohortMember,
    CohortModuleProgress,
    CohortQuestionCount,
    CohortTrainer,
)
from mooc.courses.models import (
    ContentFile,
    ContentGeneration,
    ContentSync,
    Course,
    CourseMedia,
    CourseTranslation,
    Enrolment,
    LearningPath,
    Lesson,
    LessonProgress,
    LessonTranslation,
    Module,
    ModuleTranslation,
    PathCourse,
    PathEnrolment,
    PathTranslation,
    ReflectionPrompt,
    ReflectionPromptTranslation,
)
from mooc.credentials.models import Credential
from mooc.exchange import models as exchange
from mooc.extensions import db
from mooc.jobs.models import Job
from mooc.mail.models import MailOptOut
from mooc.quizzes.models import AttemptGrant, Question, QuestionTranslation, QuizAttempt
from mooc.xapi.models import Sender, Statement

PASSWORD = "correct horse battery"
_HASH = generate_password_hash(PASSWORD)  # computed once: the KDF is slow on purpose


class BaseFactory(factory.alchemy.SQLAlchemyModelFactory):
    """Creates rows through `db.session` and commits them."""

    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "commit"


class CityFactory(BaseFactory):
    """A member city."""

    class Meta:
        model = MemberCity

    name = factory.Sequence(lambda n: f"City {n}")
    country = "KR"
    region = "asia-pacific"


class UserFactory(BaseFactory):
    """A learner with the password `PASSWORD`."""

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    password_hash = _HASH
    display_name = factory.Sequence(lambda n: f"User {n}")
    certificate_name = factory.LazyAttribute(lambda u: u.display_name)
    language = "en"
    role = "learner"


class ApiTokenFactory(BaseFactory):
    """An API token (its plain value is not known: tests that need one create it by service)."""

    class Meta:
        model = ApiToken

    user = factory.SubFactory(UserFactory)
    name = "a script"
    token_hash = factory.Sequence(lambda n: f"{n:064x}")


# Content rows normally come from `flask content sync`; these build them directly.


class CourseFactory(BaseFactory):
    """A published course."""

    class Meta:
        model = Course

    slug = factory.Sequence(lambda n: f"course-{n}")
    language = "en"
    languages = ["en"]
    status = "published"
    certificate = {"min_average": 70, "require_all_lessons": True}


class CourseTranslationFactory(BaseFactory):
    """A course's text in one locale."""

    class Meta:
        model = CourseTranslation

    course = factory.SubFactory(CourseFactory)
    locale = "en"
    title = factory.Sequence(lambda n: f"Course {n}")
    summary = "A course."


class ModuleFactory(BaseFactory):
    """A module of a course."""

    class Meta:
        model = Module

    course = factory.SubFactory(CourseFactory)
    slug = factory.Sequence(lambda n: f"module-{n}")


class ModuleTranslationFactory(BaseFactory):
    """A module's text in one locale."""

    class Meta:
        model = ModuleTranslation

    module = factory.SubFactory(ModuleFactory)
    locale = "en"
    title = factory.Sequence(lambda n: f"Module {n}")


class LessonFactory(BaseFactory):
    """A reading lesson of a module (and its course)."""

    class Meta:
        model = Lesson

    module = factory.SubFactory(ModuleFactory)
    course = factory.SelfAttribute("module.course")
    slug = factory.Sequence(lambda n: f"lesson-{n}")
    kind = "lesson"


class QuizFactory(LessonFactory):
    """A quiz (a lesson row of kind quiz)."""

    kind = "quiz"
    pass_mark = 70
    shuffle = True
    review = "after-pass"


class AssignmentFactory(LessonFactory):
    """An assignment (a lesson row of kind assignment)."""

    kind = "assignment"
    pass_mark = 60
    reviews = 2
    max_words = 2000


class CriterionFactory(BaseFactory):
    """A criterion of an assignment's rubric, with three levels."""

    class Meta:
        model = Criterion

    lesson = factory.SubFactory(AssignmentFactory)
    cid = factory.Sequence(lambda n: f"c{n}")
    points = [0, 1, 2]


class CriterionTranslationFactory(BaseFactory):
    """A criterion's texts in one locale."""

    class Meta:
        model = CriterionTranslation

    criterion = factory.SubFactory(CriterionFactory)
    locale = "en"
    title = "Is it there?"
    levels = ["No.", "Partly.", "Yes."]


class ReflectionPromptFactory(BaseFactory):
    """A reflection prompt in a lesson."""

    class Meta:
        model = ReflectionPrompt

    lesson = factory.SubFactory(LessonFactory)
    module = factory.SelfAttribute("lesson.module")
    course = factory.SelfAttribute("lesson.course")
    slug = factory.Sequence(lambda n: f"prompt-{n}")


class ReflectionPromptTranslationFactory(BaseFactory):
    """A prompt's text in one locale."""

    class Meta:
        model = ReflectionPromptTranslation

    prompt = factory.SubFactory(ReflectionPromptFactory)
    locale = "en"
    prompt_html = "<p>For your city?</p>"


class LessonTranslationFactory(BaseFactory):
    """A lesson's text in one locale."""

    class Meta:
        model = LessonTranslation

    lesson = factory.SubFactory(LessonFactory)
    locale = "en"
    title = factory.Sequence(lambda n: f"Lesson {n}")
    body_html = "<p>Text.</p>"


class LearningPathFactory(BaseFactory):
    """A learning path."""

    class Meta:
        model = LearningPath

    slug = factory.Sequence(lambda n: f"path-{n}")


class PathTranslationFactory(BaseFactory):
    """A path's text in one locale."""

    class Meta:
        model = PathTranslation

    path = factory.SubFactory(LearningPathFactory)
    locale = "en"
    title = factory.Sequence(lambda n: f"Path {n}")


class PathCourseFactory(BaseFactory):
    """A course at a position of a path."""

    class Meta:
        model = PathCourse

    path = factory.SubFactory(LearningPathFactory)
    course = factory.SubFactory(CourseFactory)


class ContentFileFactory(BaseFactory):
    """A row of the sync cache."""

    class Meta:
        model = ContentFile

    path = factory.Sequence(lambda n: f"courses/x/{n}.md")
    sha256 = "0" * 64
    signature = "0" * 64
    digest = {}


class ContentGenerationFactory(BaseFactory):
    """The content generation's one row."""

    class Meta:
        model = ContentGeneration

    id = 1
    generation = 1


class QuestionFactory(BaseFactory):
    """A single-choice question (the second of two options is correct)."""

    class Meta:
        model = Question

    lesson = factory.SubFactory(QuizFactory)
    qid = factory.Sequence(lambda n: f"q{n}")
    kind = "single"
    option_count = 2
    correct = [1]


class QuestionTranslationFactory(BaseFactory):
    """A question's text in one locale."""

    class Meta:
        model = QuestionTranslation

    question = factory.SubFactory(QuestionFactory)
    locale = "en"
    title = "A question?"
    options = [{"html": "No", "feedback_html": ""}, {"html": "Yes", "feedback_html": ""}]


class EnrolmentFactory(BaseFactory):
    """A learner enrolled in a course."""

    class Meta:
        model = Enrolment

    user_id = factory.LazyFunction(lambda: UserFactory().id)
    course_id = factory.LazyFunction(lambda: CourseFactory().id)


class LessonProgressFactory(BaseFactory):
    """A lesson marked as done."""

    class Meta:
        model = LessonProgress

    user_id = factory.LazyFunction(lambda: UserFactory().id)
    lesson_id = factory.LazyFunction(lambda: LessonFactory().id)


class PathEnrolmentFactory(BaseFactory):
    """A learner following a path."""

    class Meta:
        model = PathEnrolment

    user_id = factory.LazyFunction(lambda: UserFactory().id)
    path_id = factory.LazyFunction(lambda: LearningPathFactory().id)


class QuizAttemptFactory(BaseFactory):
    """A graded attempt, passed."""

    class Meta:
        model = QuizAttempt

    user_id = factory.LazyFunction(lambda: UserFactory().id)
    lesson_id = factory.LazyFunction(lambda: QuizFactory().id)
    number = 1
    score = 100.0
    passed = True
    answers = {}
    results = {}


class AttemptGrantFactory(BaseFactory):
    """One extra attempt at a quiz, granted by an admin."""

    class Meta:
        model = AttemptGrant

    user_id = factory.LazyFunction(lambda: UserFactory().id)
    lesson_id = factory.LazyFunction(lambda: QuizFactory().id)
    extra = 1
    granted_by_id = factory.LazyFunction(lambda: UserFactory(role="admin").id)
    reason = "Was ill on the day"


class CohortFactory(BaseFactory):
    """A cohort of a member city on a course."""

    class Meta:
        model = Cohort

    name = factory.Sequence(lambda n: f"Cohort {n}")
    city = factory.SubFactory(CityFactory)
    course = factory.SubFactory(CourseFactory)
    join_code = factory.Sequence(lambda n: f"join{n:016d}")


class CohortTrainerFactory(BaseFactory):
    """A trainer of a cohort."""

    class Meta:
        model = CohortTrainer

    cohort_id = factory.LazyFunction(lambda: CohortFactory().id)
    user_id = factory.LazyFunction(lambda: UserFactory(role="trainer").id)


class CohortMemberFactory(BaseFactory):
    """A learner in a cohort."""

    class Meta:
        model = CohortMember

    cohort_id = factory.LazyFunction(lambda: CohortFactory().id)
    user_id = factory.LazyFunction(lambda: UserFactory().id)
    how = "link"


class CohortModuleProgressFactory(BaseFactory):
    """A member's items done in one module (a dashboard counter)."""

    class Meta:
        model = CohortModuleProgress

    cohort_id = factory.LazyFunction(lambda: CohortFactory().id)
    user_id = factory.LazyFunction(lambda: UserFactory().id)
    module_id = factory.LazyFunction(lambda: ModuleFactory().id)
    done = 1


class CohortQuestionCountFactory(BaseFactory):
    """First attempts and right answers of one question in a cohort (a dashboard counter)."""

    class Meta:
        model = CohortQuestionCount

    cohort_id = factory.LazyFunction(lambda: CohortFactory().id)
    quiz_id = factory.LazyFunction(lambda: QuizFactory().id)
    qid = factory.Sequence(lambda n: f"q-{n}")
    attempts = 3
    right = 2


class CohortInvitationFactory(BaseFactory):
    """An email invited to a cohort."""

    class Meta:
        model = CohortInvitation

    cohort_id = factory.LazyFunction(lambda: CohortFactory().id)
    email = factory.Sequence(lambda n: f"invited{n}@example.org")


class CertificateFactory(BaseFactory):
    """A valid course certificate row (no PDF on disk: tests that need one issue it)."""

    class Meta:
        model = Certificate

    code = factory.Sequence(
        lambda n: f"{n:026d}".translate(str.maketrans("0123456789", "ABCDEFGHIJ"))
    )
    user_id = factory.LazyFunction(lambda: UserFactory().id)
    course_id = factory.LazyFunction(lambda: CourseFactory().id)
    name = "A Learner"
    course_title = "A course"
    locale = "en"
    issued_at = factory.LazyFunction(utcnow)
    sha256 = "0" * 64
    template_version = "v1"


class CredentialFactory(BaseFactory):
    """A certificate's credential row (its document is a placeholder: tests that need a signed
    one issue a certificate)."""

    class Meta:
        model = Credential

    certificate_id = factory.LazyFunction(lambda: CertificateFactory().id)
    status_list = 1
    status_index = factory.Sequence(lambda n: n)
    valid_from = factory.LazyFunction(lambda: utcnow().replace(microsecond=0))
    key = "z6MkPlaceholder"
    document = "{}"


class JobFactory(BaseFactory):
    """A finished job's row (no queue message: tests that run jobs queue them)."""

    class Meta:
        model = Job

    key = factory.Sequence(lambda n: f"tests.job:{n}")
    kind = "mail.send"
    params = factory.LazyFunction(dict)
    status = "done"


class MailOptOutFactory(BaseFactory):
    """An address that turned reminders off."""

    class Meta:
        model = MailOptOut

    email = factory.Sequence(lambda n: f"quiet{n}@example.org")
    category = "reminders"


class CourseMediaFactory(BaseFactory):
    """A media file a sync recorded."""

    class Meta:
        model = CourseMedia

    course_id = factory.LazyFunction(lambda: CourseFactory().id)
    path = factory.Sequence(lambda n: f"figure-{n}.svg")


class TrainerCityFactory(BaseFactory):
    """A member city a trainer works for."""

    class Meta:
        model = TrainerCity

    user_id = factory.LazyFunction(lambda: UserFactory(role="trainer").id)
    city_id = factory.LazyFunction(lambda: CityFactory().id)


class AnswerFactory(BaseFactory):
    """A learner's answer to a reflection prompt (private)."""

    class Meta:
        model = exchange.Answer

    user_id = factory.LazyFunction(lambda: UserFactory().id)
    prompt_id = factory.LazyFunction(lambda: ReflectionPromptFactory().id)
    course_id = factory.LazyAttribute(
        lambda a: db.session.get(exchange.ReflectionPrompt, a.prompt_id).course_id
    )
    body = "An answer"
    body_html = "<p>An answer</p>"


class DiscussionFactory(BaseFactory):
    """A trainer's discussion on a module of a cohort's course."""

    class Meta:
        model = exchange.Discussion

    cohort_id = factory.LazyFunction(lambda: CohortFactory().id)
    module_id = factory.LazyFunction(lambda: ModuleFactory().id)
    title = "First steps"


class PostFactory(BaseFactory):
    """A thread of a discussion."""

    class Meta:
        model = exchange.Post

    author_id = factory.LazyFunction(lambda: UserFactory().id)
    discussion_id = factory.LazyFunction(lambda: DiscussionFactory().id)
    body = "A post"
    body_html = "<p>A post</p>"


class UsefulMarkFactory(BaseFactory):
    """A useful mark on an answer."""

    class Meta:
        model = exchange.UsefulMark

    answer_id = factory.LazyFunction(lambda: AnswerFactory().id)
    user_id = factory.LazyFunction(lambda: UserFactory().id)


class ExchangeReportFactory(BaseFactory):
    """A report on a post."""

    class Meta:
        model = exchange.Report

    reporter_id = factory.LazyFunction(lambda: UserFactory().id)
    post_id = factory.LazyFunction(lambda: PostFactory().id)
    reason = "off topic"


class MuteFactory(BaseFactory):
    """A learner muted in a cohort."""

    class Meta:
        model = exchange.Mute

    cohort_id = factory.LazyFunction(lambda: CohortFactory().id)
    user_id = factory.LazyFunction(lambda: UserFactory().id)


class OpenPromptFactory(BaseFactory):
    """A prompt a trainer opened to her cohort."""

    class Meta:
        model = exchange.OpenPrompt

    cohort_id = factory.LazyFunction(lambda: CohortFactory().id)
    prompt_id = factory.LazyFunction(lambda: ReflectionPromptFactory().id)


class NotificationFactory(BaseFactory):
    """An unread notification."""

    class Meta:
        model = exchange.Notification

    user_id = factory.LazyFunction(lambda: UserFactory().id)
    kind = "reply"


class ExchangeSettingsFactory(BaseFactory):
    """A learner's weekly digest."""

    class Meta:
        model = exchange.ExchangeSettings

    user_id = factory.LazyFunction(lambda: UserFactory().id)
    digest = "weekly"


class SubmissionFactory(BaseFactory):
    """A learner's handed-in work on an assignment."""

    class Meta:
        model = Submission

    lesson = factory.SubFactory(AssignmentFactory)
    lesson_id = factory.SelfAttribute("lesson.id")
    course_id = factory.SelfAttribute("lesson.course_id")
    user_id = factory.LazyFunction(lambda: UserFactory().id)
    status = "submitted"
    body = "My city's plan."
    body_html = "<p>My city's plan.</p>"
    words = 3
    submitted_at = factory.LazyFunction(utcnow)


class ReviewFactory(BaseFactory):
    """A peer's review slot on a submission, not started."""

    class Meta:
        model = Review

    submission = factory.SubFactory(SubmissionFactory)
    reviewer_id = factory.LazyFunction(lambda: UserFactory().id)
    slot = 1


class ContentSyncFactory(BaseFactory):
    """A sync in the history, run from the command line."""

    class Meta:
        model = ContentSync

    command = "flask content sync"
    actor = "ana"
    directory = "content"
    counts = factory.LazyFunction(lambda: {"lesson": {"created": 1}})
    impact = factory.LazyFunction(list)


class StatementFactory(BaseFactory):
    """A pending xAPI statement in the outbox (a minimal valid statement)."""

    class Meta:
        model = Statement

    uuid = factory.Faker("uuid4")
    verb = "completed"
    statement = factory.LazyAttribute(
        lambda o: {
            "id": o.uuid,
            "actor": {
                "objectType": "Agent",
                "account": {"homePage": "http://localhost/", "name": "1"},
            },
            "verb": {
                "id": "http://adlnet.gov/expapi/verbs/completed",
                "display": {"en": "completed"},
            },
            "object": {"objectType": "Activity", "id": "http://localhost/xapi/course/demo"},
        }
    )
    status = "pending"


class SenderFactory(BaseFactory):
    """The xAPI sender's row (there is one)."""

    class Meta:
        model = Sender

    id = 1

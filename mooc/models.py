"""Import every feature's models so that metadata and migrations see all tables."""

from mooc.accounts.models import ApiToken, User  # noqa: F401
from mooc.assignments.models import Criterion, CriterionTranslation  # noqa: F401
from mooc.certificates.models import Certificate  # noqa: F401
from mooc.cities.models import MemberCity  # noqa: F401
from mooc.cohorts.models import (  # noqa: F401
    Cohort,
    CohortInvitation,
    CohortMember,
    CohortTrainer,
)
from mooc.courses.models import (  # noqa: F401
    ContentFile,
    ContentSync,
    Course,
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
from mooc.credentials.models import Credential  # noqa: F401
from mooc.exchange.models import (  # noqa: F401
    Answer,
    Discussion,
    ExchangeSettings,
    Mute,
    Notification,
    OpenPrompt,
    Post,
    Report,
    UsefulMark,
)
from mooc.jobs.models import Job  # noqa: F401
from mooc.mail.models import MailOptOut  # noqa: F401
from mooc.quizzes.models import Question, QuestionTranslation, QuizAttempt  # noqa: F401
from mooc.xapi.models import Sender, Statement  # noqa: F401

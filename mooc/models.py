"""Import every feature's models so that metadata and migrations see all tables."""

from mooc.courses.models import (  # noqa: F401
    ContentFile,
    Course,
    CourseTranslation,
    LearningPath,
    Lesson,
    LessonTranslation,
    Module,
    ModuleTranslation,
    PathCourse,
    PathTranslation,
)
from mooc.quizzes.models import Question, QuestionTranslation  # noqa: F401

"""Course models: the content tree's rows (`content`, `reflections`) and learners' progress
(`progress`)."""

from mooc.courses.models.content import (
    Archivable,
    ContentFile,
    ContentGeneration,
    Course,
    CourseMedia,
    CourseTranslation,
    LearningPath,
    Lesson,
    LessonTranslation,
    Module,
    ModuleTranslation,
    PathCourse,
    PathTranslation,
    TranslationMixin,
)
from mooc.courses.models.progress import Enrolment, LessonProgress, PathEnrolment
from mooc.courses.models.reflections import ReflectionPrompt, ReflectionPromptTranslation
from mooc.courses.models.syncs import ContentSync

__all__ = [
    "Archivable",
    "ContentFile",
    "ContentGeneration",
    "ContentSync",
    "Course",
    "CourseMedia",
    "CourseTranslation",
    "Enrolment",
    "LearningPath",
    "Lesson",
    "LessonProgress",
    "LessonTranslation",
    "Module",
    "ModuleTranslation",
    "PathCourse",
    "PathEnrolment",
    "PathTranslation",
    "ReflectionPrompt",
    "ReflectionPromptTranslation",
    "TranslationMixin",
]

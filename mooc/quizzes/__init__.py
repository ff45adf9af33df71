"""Quizzes: the quiz format's parser, question models and grading."""

"""Copies and stories: near-identical copies, stories of one happening, chains of stories."""

from masar.copies.grouping import GroupingReport, group_pending
from masar.copies.near_duplicates import CopyConfig
from masar.copies.stories import StoryConfig

__all__ = ["CopyConfig", "GroupingReport", "StoryConfig", "group_pending"]

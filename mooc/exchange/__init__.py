"""Exchange between cities: reflection answers, the workbook, sharing, discussions, moderation."""

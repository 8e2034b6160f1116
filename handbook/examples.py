"""The example framework `handbook new` writes: its names, and how many of each it may have.

Apart from handbook/new.py so that the command line can show these limits in its options'
help without importing the writer of projects (which a build never needs).
"""

DEFAULT_LEVELS, DEFAULT_FUNCTIONS = 3, 3
EXAMPLE_LEVELS = ("Starting", "Developing", "Established", "Advanced", "Leading", "Excelling")
EXAMPLE_FUNCTIONS = ("Planning", "Delivery", "Marketing", "Sales", "Support", "Training",
                     "Finance", "People")
MOST_LEVELS, MOST_FUNCTIONS = len(EXAMPLE_LEVELS), len(EXAMPLE_FUNCTIONS)

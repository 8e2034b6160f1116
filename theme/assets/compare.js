/* Compare and combine assessments: written by the next issue. */

"""The analysis layer: every calculation and judgement (SPC and its rules,
targets, forecasts, peer positions, warning signs, the verdict, equality,
finance, suppression). Numbers in, tidy DataFrames out; nothing is drawn.
"""

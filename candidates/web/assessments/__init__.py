"""The assessor's inbox and scorecard, the unit lead's panels and calibration."""

"""marsad (مرصد): Arabic news reports to structured, geocoded, source-linked conflict events."""

__version__ = "0.1.0"

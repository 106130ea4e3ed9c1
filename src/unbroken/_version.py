__title__ = "unbroken"
__version__ = "0.1.0"

"""A fictional school for the demo and for benchmarks. Its public face is small: `build_school`,
`is_demo`, the demo accounts and the sizes; the generators behind it are this package's own."""

from sendlib.demo.accounts import DEMO_ACCOUNTS
from sendlib.demo.build import (
    DatabaseNotEmpty,
    DemoSummary,
    build_school,
    main_demo,
)
from sendlib.demo.sizes import SIZES
from sendlib.school.settings import is_demo

__all__ = [
    "DEMO_ACCOUNTS",
    "SIZES",
    "DatabaseNotEmpty",
    "DemoSummary",
    "build_school",
    "is_demo",
    "main_demo",
]

"""The transition pack's page: type sizes for normal and large print (Type, NORMAL, LARGE), the
house layout that names the pupil in the header of a pack's continuation pages (PackPdf), and
the school's logo at the top right of a pack or a batch's cover (read_logo, Logo).

Pure: the caller gathers the text; nothing here reads the database."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from sendlib.pdf.house import HouseDocument
from sendlib.pdf.house_style import clean

BULLET = "\u2022"


@dataclass(frozen=True)
class Type:
    """Type sizes (pt) and line spacing (mm) for normal or large print."""

    body: float
    line: float
    lead: float  # About me on page 1
    lead_line: float
    heading: float
    heading_line: float
    name: float
    name_line: float
    meta: float  # details, move and status under the name
    meta_line: float
    table: float
    cover_title: float
    cover_title_line: float
    bullet_indent: float  # mm
    logo_width: float  # mm, the most the logo may take
    logo_height: float


NORMAL = Type(
    body=10.5,
    line=5.4,
    lead=11,
    lead_line=5.8,
    heading=13,
    heading_line=7,
    name=22,
    name_line=10,
    meta=10.5,
    meta_line=5.6,
    table=9.5,
    cover_title=20,
    cover_title_line=9,
    bullet_indent=6,
    logo_width=40,
    logo_height=20,
)
LARGE = Type(
    body=14,
    line=7.6,
    lead=14.5,
    lead_line=7.9,
    heading=17,
    heading_line=9,
    name=28,
    name_line=12.5,
    meta=14,
    meta_line=7.4,
    table=13,
    cover_title=26,
    cover_title_line=11.5,
    bullet_indent=8,
    logo_width=46,
    logo_height=24,
)


class PackPdf(HouseDocument):
    """The house layout in normal or large print. While a pack is printed, the header names the
    pupil on the pack's continuation pages."""

    def __init__(
        self,
        title: str,
        school: str,
        today: date,
        printed_by: str,
        style: Type,
        pupil: str | None = None,
        header_title: str | None = None,
    ):
        # Read by header(), which the first page runs inside HouseDocument's constructor.
        self.style = style
        self.cover_title = clean(header_title or title).strip()
        self.pupil = pupil
        self.pupil_page = 1
        super().__init__(title, school, today, printed_by)

    def header(self) -> None:
        if self.pupil is None or self.page < self.pupil_page:
            self.doc_title = self.cover_title
        elif self.page == self.pupil_page:
            self.doc_title = "Transition pack"  # the name follows, large
        else:
            self.doc_title = f"Transition pack: {self.pupil} (continued)"
        super().header()

    def _print_lines(
        self, lines: list[str], width: float, line_height: float, align: str = "L"
    ) -> None:
        # Table cells and the header take print_lines()'s quicker path too.
        self.print_lines(lines, width, line_height, align)

    def pack_lines(
        self,
        lines: list[str],
        x: float,
        line_height: float,
        bullet_x: float | None = None,
    ) -> None:
        """Lines from wrap() down from here at x, over page breaks; with bullet_x, a bullet
        there beside the first line."""
        for number, line in enumerate(lines):
            if self.y + line_height > self.page_break_trigger:
                self.add_page()
            baseline = self.y + 0.5 * line_height + 0.3 * self.font_size
            if number == 0 and bullet_x is not None:
                self.text(bullet_x, baseline, BULLET)
            self.line_at(x, self.w - self.r_margin - x, line_height, line)
        self.x = self.l_margin

    def room(self) -> float:
        """mm left on this page."""
        return self.page_break_trigger - self.y


@dataclass(frozen=True)
class Logo:
    """The school's logo, read and checked (see read_logo), sized to the print it goes on."""

    data: bytes
    aspect: float  # width over height

    def size_on(self, style: Type) -> tuple[float, float]:
        width, height = style.logo_width, style.logo_width / self.aspect
        if height > style.logo_height:
            width, height = style.logo_height * self.aspect, style.logo_height
        return width, height

    def height_on(self, style: Type) -> float:
        return self.size_on(style)[1]

    def draw(self, pdf: PackPdf, style: Type, top: float) -> float:
        """Place the logo at the top right; its width, or 0 if it could not be drawn."""
        width, height = self.size_on(style)
        try:
            pdf.image(
                io.BytesIO(self.data), x=pdf.w - pdf.r_margin - width, y=top, w=width, h=height
            )
        except Exception:  # noqa: BLE001 — a logo fpdf2 cannot read is left out, not fatal
            return 0.0
        return width


def read_logo(data: bytes | None) -> Logo | None:
    """The school's logo if the bytes are an image fpdf2 can place (PNG or JPEG), else None."""
    if not data:
        return None
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            kind = image.format
    except Exception:  # noqa: BLE001 — anything Pillow cannot read is not a logo
        return None
    if kind not in ("PNG", "JPEG") or not width or not height:
        return None
    return Logo(bytes(data), width / height)

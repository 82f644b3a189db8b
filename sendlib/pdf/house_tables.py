"""The house table, for HouseDocument (sendlib.pdf.house): a shaded header row repeated after a
page break, wrapped cells in striped rows, columns sized to their contents, and SPAN for a cell
that runs on over the next column. A mixin: it draws with the document's own wrapping, waiting
headings and page breaks."""

from __future__ import annotations

import math
from collections.abc import Sequence

from sendlib.pdf.house_style import DARK_BLUE, FAMILY, HEADING_FILL, STRIPE_FILL, TEXT, clean

CELL_PADDING = (1.2, 1.6)  # mm inside table cells: top and bottom, left and right
UNBROKEN = 30  # mm: table cells up to this wide are kept on one line when columns are fitted


class _Span:
    def __repr__(self) -> str:
        return "SPAN"


# A table cell holding SPAN is taken by the cell to its left, which runs on over its column
# (a held slot's note across the columns a booking would fill).
SPAN = _Span()


class HouseTables:
    """simple_table() and table_height() for HouseDocument, which this is mixed into."""

    def simple_table(
        self,
        headings: Sequence[str],
        rows: Sequence[Sequence[object]],
        widths: Sequence[float] | None = None,
        font_size: float = 9.5,
    ) -> None:
        """A table with a shaded header row (repeated after page breaks) and wrapped cells.

        widths are proportions of the page width; without them, columns are sized to their
        contents. A row too tall for a page is split into continuation rows.
        """
        headings = [clean(h) for h in headings]
        rows = [[c if c is SPAN else clean(c) for c in row] for row in rows]
        if widths:
            column_mm = [self.epw * w / sum(widths) for w in widths]
        else:
            column_mm = self._fit_columns(headings, [_unspanned(row) for row in rows], font_size)
        inner = [w - 2 * CELL_PADDING[1] for w in column_mm]
        line_height = font_size * 0.46

        self.set_font(FAMILY, "B", font_size)
        heading_lines = [self._wrap(h, w) for h, w in zip(headings, inner, strict=True)]
        heading_height = self._row_height(heading_lines, line_height)
        waiting = sum(height for height, _ in self._headings)
        room = self.usable_height() - waiting - heading_height - 2 * CELL_PADDING[0] - 4
        max_lines = max(1, math.floor(room / line_height))
        self.set_font(FAMILY, "", font_size)
        pieces = []  # (each cell's lines, the cells' widths)
        for row in rows:
            cells, cell_mm = _spanned(row, column_mm)
            wrapped = [
                self._wrap(text, w - 2 * CELL_PADDING[1])
                for text, w in zip(cells, cell_mm, strict=True)
            ]
            tallest = max(len(lines) for lines in wrapped)
            for start in range(0, tallest, max_lines):
                pieces.append(([lines[start : start + max_lines] for lines in wrapped], cell_mm))

        def heading_row() -> None:
            self.set_font(FAMILY, "B", font_size)
            self.set_text_color(*DARK_BLUE)
            self._table_row(heading_lines, column_mm, line_height, HEADING_FILL)
            self.set_font(FAMILY, "", font_size)
            self.set_text_color(*TEXT)

        first = self._row_height(pieces[0][0], line_height) if pieces else 0
        self._begin(heading_height + first)
        self.keep_space(heading_height + first)
        heading_row()
        for number, (piece, cell_mm) in enumerate(pieces):
            height = self._row_height(piece, line_height)
            if self.y + height > self.page_break_trigger:
                self.add_page()
                heading_row()
            self._table_row(piece, cell_mm, line_height, STRIPE_FILL if number % 2 else None)
        self.ln(2.5)
        self._body()

    def table_height(
        self,
        headings: Sequence[str],
        rows: Sequence[Sequence[object]],
        widths: Sequence[float],
        font_size: float = 9.5,
    ) -> float:
        """The height simple_table() takes for these rows and widths when it fits on a page,
        for a caller keeping a table together with what comes before it."""
        column_mm = [self.epw * w / sum(widths) for w in widths]
        inner = [w - 2 * CELL_PADDING[1] for w in column_mm]
        line_height = font_size * 0.46
        font = (self.font_style, self.font_size_pt)
        self.set_font(FAMILY, "B", font_size)
        height = self._row_height(
            [self._wrap(clean(h), w) for h, w in zip(headings, inner, strict=True)], line_height
        )
        self.set_font(FAMILY, "", font_size)
        for row in rows:
            texts, cell_mm = _spanned([c if c is SPAN else clean(c) for c in row], column_mm)
            cells = [
                self._wrap(text, w - 2 * CELL_PADDING[1])
                for text, w in zip(texts, cell_mm, strict=True)
            ]
            height += self._row_height(cells, line_height)
        self.set_font(FAMILY, *font)
        return height + 2.5

    @staticmethod
    def _row_height(cells: list[list[str]], line_height: float) -> float:
        return max(len(lines) for lines in cells) * line_height + 2 * CELL_PADDING[0]

    def _table_row(
        self,
        cells: list[list[str]],
        column_mm: list[float],
        line_height: float,
        fill: tuple[int, int, int] | None,
    ) -> None:
        top, height = self.y, self._row_height(cells, line_height)
        if fill:
            self.set_fill_color(*fill)
            self.rect(self.l_margin, top, self.epw, height, style="F")
            # The fill covers half the rule under the row above: draw it again.
            self.line(self.l_margin, top, self.w - self.r_margin, top)
        x = self.l_margin
        for lines, width in zip(cells, column_mm, strict=True):
            self.set_xy(x + CELL_PADDING[1], top + CELL_PADDING[0])
            self._print_lines(lines, width - 2 * CELL_PADDING[1], line_height)
            x += width
        self.line(self.l_margin, top + height, self.w - self.r_margin, top + height)
        self.set_xy(self.l_margin, top + height)

    def _fit_columns(
        self, headings: list[str], rows: list[list[str]], font_size: float
    ) -> list[float]:
        """Column widths in mm from the contents: no column narrower than its longest word (so
        no word is split if that can be helped), then the spare room given where it stops the
        most cells wrapping per mm."""
        pad = 2 * CELL_PADDING[1] + 0.5
        width = self.get_string_width
        shortest: list[float] = []
        needs: list[list[float]] = []  # per column: the width each cell needs to stay on a line
        for i, heading in enumerate(headings):
            self.set_font(FAMILY, "B", font_size)
            floor = max((width(w) for w in heading.split()), default=0.0)
            self.set_font(FAMILY, "", font_size)
            measured: dict[str, float] = {}
            column = []
            for row in rows:
                cell = row[i]
                if not cell.strip():
                    continue
                if cell not in measured:
                    measured[cell] = width(cell)
                    floor = max(floor, self._fair_width(cell, measured[cell]))
                column.append(math.ceil(measured[cell] * 2) / 2 + pad)  # half-mm steps
            shortest.append(floor + pad)
            needs.append(sorted(column))
        if sum(shortest) >= self.epw:
            return [self.epw * s / sum(shortest) for s in shortest]
        widths, spare = list(shortest), self.epw - sum(shortest)
        while True:
            best = None  # (cells unwrapped per mm, column, new width)
            for i, column in enumerate(needs):
                wrapped = [n for n in column if n > widths[i]]
                for count, target in enumerate(wrapped, start=1):
                    cost = target - widths[i]
                    if cost > spare:
                        break
                    if count < len(wrapped) and wrapped[count] == target:
                        continue  # widen to cover every cell needing this width
                    if best is None or count / cost > best[0]:
                        best = (count / cost, i, target)
            if best is None:
                break
            _, i, target = best
            spare -= target - widths[i]
            widths[i] = target
        # What is left goes first to the columns still wrapping (a long reason or note), each
        # as far as it lacks room, so they are not squeezed beside roomy short ones.
        lacking = {i: max(c) - widths[i] for i, c in enumerate(needs) if c and max(c) > widths[i]}
        if lacking:
            given = min(spare, sum(lacking.values()))
            for i, lack in lacking.items():
                widths[i] += given * lack / sum(lacking.values())
            spare -= given
        return [w + spare * w / sum(widths) for w in widths]

    def _fair_width(self, cell: str, whole: float) -> float:
        """The narrowest a column may be for this cell: short values ('Year 4', '3 Sep 2025')
        on one line, middling ones ('Monitoring (cause for concern)') on two, long ones by word."""
        words = cell.split()
        if whole <= UNBROKEN or len(words) == 1:
            return whole
        if whole <= 2 * UNBROKEN:
            width = self.get_string_width
            return min(
                max(width(" ".join(words[:k])), width(" ".join(words[k:])))
                for k in range(1, len(words))
            )
        return max(self.get_string_width(w) for w in words)


def _spanned(row: Sequence[object], column_mm: Sequence[float]) -> tuple[list[str], list[float]]:
    """A row's cells and their widths in mm, each SPAN's column given to the cell on its left."""
    if len(row) != len(column_mm):
        raise ValueError(f"a row of {len(row)} cells in a table of {len(column_mm)} columns")
    texts: list[str] = []
    widths: list[float] = []
    for cell, width in zip(row, column_mm, strict=True):
        if cell is SPAN and widths:
            widths[-1] += width
        else:
            texts.append("" if cell is SPAN else str(cell))
            widths.append(width)
    return texts, widths


def _unspanned(row: Sequence[object]) -> list[str]:
    """The row for sizing columns: a cell running over others leaves them all blank, as it
    does not have to fit in its first column."""
    following = [*row[1:], None]
    return ["" if c is SPAN or n is SPAN else str(c) for c, n in zip(row, following, strict=True)]

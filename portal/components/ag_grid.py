"""Portal's own thin wrapper of AG Grid Community (`ag-grid-react`, MIT).

AG Grid only displays: the rows it gets are exactly the current page, already scoped, filtered,
searched, sorted and formatted on the server. Sorting in the header, dragging columns and
resizing them report the grid's column state back to the server (which validates it, stores
the view and sends the next page); the client never sorts (`comparator` keeps the server's
order) and never filters. Column visibility and filters are Portal's own controls, because
AG Grid's column chooser and set filter are Enterprise features.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars.base import Var
from reflex.vars.function import FunctionStringVar
from reflex.vars.object import ObjectVar

AG_GRID_VERSION = "34.3.1"

# JavaScript the grid's events pass through: the column state (order, width, sort) in the
# shape the server expects, and the clicked row's id. Hidden columns are not in the grid.
_CUSTOM_CODE = """
ModuleRegistry.registerModules([AllCommunityModule]);

function portalColumnState(event) {
  return event.api.getColumnState()
    .filter((column) => !column.hide)
    .map((column) => ({
      colId: column.colId,
      width: Math.round(column.width || 0),
      sort: column.sort || null,
      sortIndex: column.sortIndex ?? null,
    }));
}
"""


def _column_state(event: ObjectVar[Any]) -> tuple[Var[list[dict[str, Any]]]]:
    return (FunctionStringVar.create("portalColumnState").call(event).to(list),)


def _selected_ids(event: ObjectVar[Any]) -> tuple[Var[list[int]]]:
    return (Var(f"{event}.api.getSelectedRows().map((row) => row.id)").to(list),)


def _row_id(event: ObjectVar[Any]) -> tuple[Var[int]]:
    return (Var(f"{event}.data.id").to(int),)


class AgGrid(rx.Component):
    library = f"ag-grid-react@{AG_GRID_VERSION}"
    tag = "AgGridReact"
    lib_dependencies: list[str] = [f"ag-grid-community@{AG_GRID_VERSION}"]

    row_data: rx.Var[list[dict[str, Any]]]
    column_defs: rx.Var[list[dict[str, Any]]]
    default_col_def: rx.Var[dict[str, Any]]
    locale_text: rx.Var[dict[str, str]]
    overlay_no_rows_template: rx.Var[str]
    dom_layout: rx.Var[str]
    row_height: rx.Var[int]
    suppress_drag_leave_hides_columns: rx.Var[bool]
    suppress_cell_focus: rx.Var[bool]
    loading: rx.Var[bool]
    animate_rows: rx.Var[bool]
    suppress_column_virtualisation: rx.Var[bool]

    on_sort_changed: rx.EventHandler[_column_state]
    # Moving and resizing fire on every pixel; the end of the header drag reports both once.
    on_drag_stopped: rx.EventHandler[_column_state]
    on_row_clicked: rx.EventHandler[_row_id]
    # checkbox selection (bulk actions): the ids of the checked rows after every change
    row_selection: rx.Var[dict[str, Any]]
    on_selection_changed: rx.EventHandler[_selected_ids]

    def add_imports(self) -> dict[str, list[str]]:
        return {f"ag-grid-community@{AG_GRID_VERSION}": ["AllCommunityModule", "ModuleRegistry"]}

    def add_custom_code(self) -> list[str]:
        return [_CUSTOM_CODE]


def ag_grid(**props: Any) -> rx.Component:
    """The grid with Portal's defaults: server order kept, no cell focus.

    Rows deliberately have no `getRowId`: with it AG Grid updates rows in place and keeps
    their previous order for rows that compare equal, so a new server order would not show.
    """
    return AgGrid.create(
        default_col_def=Var(
            "({sortable: true, resizable: true, suppressMovable: false, comparator: () => 0})"
        ),
        suppress_drag_leave_hides_columns=True,
        suppress_cell_focus=True,
        # A new page replaces the rows at once; fading rows would linger beside the new ones.
        animate_rows=False,
        # A grid has at most ~20 columns: render them all (also for find-in-page and tests).
        suppress_column_virtualisation=True,
        dom_layout="autoHeight",
        **props,
    )

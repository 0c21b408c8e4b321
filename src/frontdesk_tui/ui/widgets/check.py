"""Checkboxes and radio buttons that show their state with characters, so they read without colour
(NO_COLOR, 16 colours): ``[X]``/``[ ]`` and ``(●)``/``( )`` (issue 13).

Textual draws ``▐X▌`` and ``▐●▌`` whether ticked or not and tells on from off by colour alone."""

from __future__ import annotations

from textual.content import Content
from textual.style import Style
from textual.widgets import Checkbox, RadioButton, RadioSet

#: Where the keys go, without colour: the label of the focused box (or of the radio set's current
#: button) in reverse video. (A ``text-style: reverse`` on ``.toggle--label`` is lost in rendering.)
_FOCUSED = Style(reverse=True, bold=True)


def _state_button(widget: Checkbox | RadioButton, left: str, on: str, right: str, *, focused: bool) -> Content:
    mark = on if widget.value else " "
    label = widget.label.pad(1, 1).stylize_before(widget.get_visual_style("toggle--label"))
    if focused:
        label = label.stylize(_FOCUSED)
    return Content.assemble((f"{left}{mark}{right}", widget.get_visual_style("toggle--mark")), label)


class StateCheckbox(Checkbox):
    """``[X] label`` when ticked, ``[ ] label`` when not."""

    COMPONENT_CLASSES = Checkbox.COMPONENT_CLASSES | {"toggle--mark"}

    def render(self) -> Content:
        return _state_button(self, "[", "X", "]", focused=self.has_focus)


class StateRadioButton(RadioButton):
    """``(●) label`` when chosen, ``( ) label`` when not."""

    COMPONENT_CLASSES = RadioButton.COMPONENT_CLASSES | {"toggle--mark"}

    def render(self) -> Content:
        parent = self.parent
        focused = isinstance(parent, RadioSet) and parent.has_focus and self.has_class("-selected")
        return _state_button(self, "(", "●", ")", focused=focused or self.has_focus)

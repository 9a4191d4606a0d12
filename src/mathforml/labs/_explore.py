"""Sliders where they work, a static figure where they do not.

``explore(draw, a=(-2.0, 2.0, 1.0))`` gives sliders in a live JupyterLab kernel
(ipywidgets 8, whose JupyterLab extension ships with the course) and otherwise
calls ``draw`` once with the default values, so the cell always shows a figure:
when ipywidgets is missing, outside a kernel, or when the notebook is exported.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Control = tuple[float, float, float] | tuple[float, float, float, float]


def widgets_available() -> bool:
    """True inside a Jupyter kernel with ipywidgets installed."""
    try:
        import ipywidgets  # noqa: F401
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def explore(draw: Callable[..., Any], **controls: Control) -> None:
    """Sliders for ``draw``'s keyword arguments: ``name=(min, max, default[, step])``."""
    defaults = {name: spec[2] for name, spec in controls.items()}
    if not widgets_available():
        draw(**defaults)
        return
    import ipywidgets as widgets

    sliders = {}
    for name, spec in controls.items():
        low, high, value = spec[0], spec[1], spec[2]
        step = spec[3] if len(spec) > 3 else (high - low) / 100
        if all(float(x).is_integer() for x in (low, high, value, step)):
            sliders[name] = widgets.IntSlider(
                value=int(value),
                min=int(low),
                max=int(high),
                step=int(step),
                description=name,
                continuous_update=False,
            )
        else:
            sliders[name] = widgets.FloatSlider(
                value=value,
                min=low,
                max=high,
                step=step,
                description=name,
                continuous_update=False,
            )
    widgets.interact(draw, **sliders)

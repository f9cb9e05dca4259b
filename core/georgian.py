"""Georgian has no upper case: capitalising a label must leave Georgian letters alone.

Python (Unicode 11+) maps Mkhedruli to Mtavruli in `str.upper()` ("ს".upper() == "Ს"), so
Django's `capfirst` — used on every model field's verbose name for form, admin and DRF labels,
and as a template filter — turns "სახელი" into "Სახელი". Capitalising with the title-case
mapping instead is right for every script: Latin "name" still becomes "Name", and Georgian
letters are their own title case. `install()` puts this `capfirst` wherever Django's is used.
"""

import sys

from django.utils.functional import keep_lazy_text

MTAVRULI = range(0x1C90, 0x1CC0)


@keep_lazy_text
def capfirst(x):
    """Capitalise the first letter the way a title does (Georgian stays as written)."""
    if not x:
        return x
    x = str(x)
    return x[0].title() + x[1:]


def _capfirst_filter(value):
    return capfirst(value)


def install():
    """Replace Django's `capfirst` in every loaded module and as the template filter."""
    from django.template import defaultfilters
    from django.utils import text

    originals = {text.capfirst, defaultfilters.capfirst}
    wrapped = defaultfilters.stringfilter(_capfirst_filter)
    wrapped.is_safe = True
    defaultfilters.register.filters["capfirst"] = wrapped
    for module in list(sys.modules.values()):
        try:
            if getattr(module, "capfirst", None) in originals:
                module.capfirst = wrapped if module is defaultfilters else capfirst
        except TypeError:  # a module whose attribute cannot be compared or hashed
            continue

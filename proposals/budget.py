"""Budget lines as the authors send them (form or API) -> checked values, each error naming its
line, so the page and the app show the same messages. The total is computed, never received."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from core.errors import Invalid

MAX_LINES = 100
MAX_TOTAL = Decimal("9999999999.99")


def _decimal(value, field, errors, i):
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        errors[f"budget_lines.{i}.{field}"] = [_("Enter a number.")]
        return None
    if not number.is_finite():
        errors[f"budget_lines.{i}.{field}"] = [_("Enter a number.")]
        return None
    return number


def running_total(pairs) -> Decimal:
    """The total of (quantity, unit cost) pairs as typed so far, for the editor to show before
    anything is saved: a value that is not yet a number counts as nothing."""
    total = Decimal("0")
    for quantity, unit_cost in pairs:
        try:
            q = Decimal(str(quantity).strip().replace(",", "."))
            c = Decimal(str(unit_cost).strip().replace(",", "."))
        except (InvalidOperation, ValueError, TypeError):
            continue
        if q.is_finite() and c.is_finite() and 0 < q < 100000000 and 0 <= c <= MAX_TOTAL:
            total += (q * c).quantize(Decimal("0.01"))
    return min(total, MAX_TOTAL * MAX_LINES)


def clean_lines(lines) -> list[dict]:
    """Budget lines from a form or the API -> validated dicts; each error names its line."""
    if len(lines) > MAX_LINES:
        raise Invalid(
            fields={"budget_lines": [_("At most %(n)d budget lines.") % {"n": MAX_LINES}]}
        )
    errors, out = {}, []
    for i, line in enumerate(lines):
        item = str(line.get("item") or "").strip()
        unit = str(line.get("unit") or "").strip()
        quantity = _decimal(line.get("quantity"), "quantity", errors, i)
        unit_cost = _decimal(line.get("unit_cost"), "unit_cost", errors, i)
        if not item:
            errors[f"budget_lines.{i}.item"] = [_("Say what is bought or paid for.")]
        elif len(item) > 200:
            errors[f"budget_lines.{i}.item"] = [_("At most 200 characters.")]
        if len(unit) > 40:
            errors[f"budget_lines.{i}.unit"] = [_("At most 40 characters.")]
        if quantity is not None and not (Decimal("0") < quantity < Decimal("100000000")):
            errors[f"budget_lines.{i}.quantity"] = [_("The quantity must be above zero.")]
        if unit_cost is not None and not (Decimal("0") <= unit_cost <= MAX_TOTAL):
            errors[f"budget_lines.{i}.unit_cost"] = [_("The unit cost cannot be negative.")]
        if quantity is not None and quantity != quantity.quantize(Decimal("0.01")):
            errors[f"budget_lines.{i}.quantity"] = [_("Use at most two decimal places.")]
        if unit_cost is not None and unit_cost != unit_cost.quantize(Decimal("0.01")):
            errors[f"budget_lines.{i}.unit_cost"] = [_("Use at most two decimal places.")]
        out.append({"item": item, "unit": unit, "quantity": quantity, "unit_cost": unit_cost})
    if errors:
        raise Invalid(fields=errors)
    total = sum((line["quantity"] * line["unit_cost"] for line in out), Decimal("0"))
    if total > MAX_TOTAL:
        raise Invalid(fields={"budget_lines": [_("The total is too large.")]})
    return out

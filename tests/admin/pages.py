"""Helpers to drive admin pages from tests the way a browser does."""

from django.urls import reverse


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def form_data(page) -> dict:
    """What the browser posts back for a rendered admin form, left as it was."""
    forms = [page.context["adminform"].form]
    for inline in page.context.get("inline_admin_formsets", []):
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for field in form:
            value = field.field.prepare_value(field.value())
            if value is None or value is False:
                continue
            data[field.html_name] = "on" if value is True else value
    return data


def add_inline_row(page, data: dict, model, fk_name: str | None = None, **values) -> None:
    """Fill the next blank row of the inline for ``model`` (and ``fk_name``, if several)."""
    formset = next(
        inline.formset
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.model is model and fk_name in (None, inline.formset.fk.name)
    )
    total = f"{formset.prefix}-TOTAL_FORMS"
    index = int(data[total])
    data[total] = index + 1
    data.update({f"{formset.prefix}-{index}-{name}": value for name, value in values.items()})


def form_errors(response) -> dict:
    if response.status_code != 200 or "adminform" not in response.context:
        return {}
    errors = dict(response.context["adminform"].form.errors)
    for inline in response.context.get("inline_admin_formsets", []):
        errors.update({inline.formset.prefix: inline.formset.errors})
    return errors


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]

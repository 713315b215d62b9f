"""The review queue: changes to published records waiting for an Editor (``core.review``).

The list shows what waits, newest first; a revision's page shows the difference against
the record as it is now, and an Editor approves it or rejects it with a reason. Anyone
who may see hidden records may read the queue; only an Editor decides.
"""

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join

from core.records import sees_hidden_records
from core.review import DONE, Revision, RevisionRefused, RevisionState, approve, reject
from core.services import may_publish

APPROVE, REJECT = "approve", "reject"


class DecisionForm(forms.ModelForm):
    decision = forms.ChoiceField(
        choices=[(APPROVE, "Approve: apply the change"), (REJECT, "Reject: leave the record")],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Revision
        fields = ("decision_reason",)
        labels = {"decision_reason": "Reason (needed to reject)"}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == REJECT and not cleaned.get("decision_reason", "").strip():
            self.add_error(
                "decision_reason", "Say why the change is rejected, for the archivist who made it."
            )
        return cleaned


class WaitingFilter(admin.SimpleListFilter):
    """Pending revisions unless asked otherwise: the queue is what waits."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [*RevisionState.choices, ("all", "All")]

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": (self.value() or RevisionState.PENDING) == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or RevisionState.PENDING
        return queryset if value == "all" else queryset.filter(state=value)


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    form = DecisionForm
    list_display = ("fields_changed", "record_link", "author", "created_at", "state")
    list_filter = (WaitingFilter,)
    list_select_related = ("author", "content_type")
    readonly_fields = ("record_link", "author", "created_at", "reason", "difference", "state")
    fieldsets = (
        (None, {"fields": ("record_link", "author", "created_at", "reason", "state")}),
        ("Change", {"fields": ("difference",)}),
        ("Decision", {"fields": ("decision", "decision_reason")}),
    )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return sees_hidden_records(request.user)

    def has_module_permission(self, request):
        return sees_hidden_records(request.user)

    def has_change_permission(self, request, obj=None):
        pending = obj is None or obj.state == RevisionState.PENDING
        return may_publish(request.user) and pending

    def get_fieldsets(self, request, obj=None):
        if self.has_change_permission(request, obj):
            return self.fieldsets
        decided = ("Decision", {"fields": ("decided_by", "decided_at", "decision_reason")})
        return (*self.fieldsets[:2], decided)

    def save_model(self, request, obj, form, change):
        try:
            if form.cleaned_data["decision"] == APPROVE:
                approve(obj, request.user, obj.decision_reason)
                self.message_user(request, f"Approved and applied: {obj}.", messages.SUCCESS)
            else:
                reject(obj, request.user, obj.decision_reason)
                self.message_user(request, f"Rejected: {obj}.", messages.SUCCESS)
        except RevisionRefused as refused:
            request._refused = str(refused)

    def response_change(self, request, obj):
        refused = getattr(request, "_refused", None)
        if refused is None:
            return HttpResponseRedirect(reverse("admin:core_revision_changelist"))
        self.message_user(request, f"Nothing was applied: {refused}", messages.ERROR)
        return HttpResponseRedirect(request.path)

    def log_change(self, request, obj, message):
        return None

    @admin.display(description="record")
    def record_link(self, revision: Revision):
        record = revision.record
        label = str(record) if record is not None else f"(deleted) {revision.object_id}"
        opts = revision.content_type.model_class()._meta
        try:
            url = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change", args=[revision.object_id]
            )
        except NoReverseMatch:
            return label
        return format_html('<a href="{}">{}</a> ({})', url, label, opts.verbose_name)

    @admin.display(description="changes")
    def fields_changed(self, revision: Revision) -> str:
        model = revision.content_type.model_class()
        names = [str(model._meta.get_field(name).verbose_name) for name in revision.changes]
        for change in revision.rows:
            noun = apps.get_model(change["model"])._meta.verbose_name
            names.append(f"{noun} {DONE[change['action']]}")
        return ", ".join(names)

    @admin.display(description="difference")
    def difference(self, revision: Revision):
        rows = format_html_join(
            "",
            "<tr><th scope='row'>{}</th><td>{}</td><td>{}</td></tr>",
            [
                (label, _marked("del", now), _marked("ins", proposed))
                for label, now, proposed in [*revision.diff(), *revision.row_diff()]
            ],
        )
        return format_html(
            '<table class="revision-diff"><thead><tr><th scope="col">field or row</th>'
            '<th scope="col">now (public)</th><th scope="col">proposed</th></tr></thead>'
            "<tbody>{}</tbody></table>",
            rows,
        )


def _marked(tag: str, text: str):
    """A value struck out or inserted; a row that is not there yet (or any more) is "—"."""
    if text == "—":
        return text
    return format_html("<{}>{}</{}>", tag, text, tag)

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import CouncilDocumentKind
from .services import TEXT_MAX_LENGTH
from .targets import subject_choices


class DocumentFileForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=CouncilDocumentKind.choices,
                             widget=forms.RadioSelect)
    subject = forms.ChoiceField(label=_("What it is about"),
                                help_text=_("A public plan of topics or competition of the council's body."))
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(label=_("Text"), max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("Published on the council's page and beside its subject. With a file "
                                       "attached, write a summary here."))
    upload = forms.FileField(label=_("Signed document"), required=False,
                             help_text=_("PDF, DOCX, XLSX, ODT, JPEG or PNG."))

    def __init__(self, *args, body_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = [("", _("— choose —")), *subject_choices(body_id)]


class AnswerForm(forms.Form):
    answer_text = forms.CharField(label=_("The body's answer"), max_length=TEXT_MAX_LENGTH,
                                  widget=forms.Textarea(attrs={"rows": 8}),
                                  help_text=_("Published beside the council's document for everyone to read."))

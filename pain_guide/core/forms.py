"""What every form on the site shares."""

from crispy_forms.helper import FormHelper


def lean_helper(label_class="fs-5 fw-bold"):
    """A crispy FormHelper for a form inside the page's own <form> tag, which renders radio
    buttons and checkboxes through the site's lean templates (includes/form_field.html):
    a question with a dozen answers renders in a fraction of a millisecond, not several."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.label_class = label_class
    helper.template = "includes/form_fields.html"
    helper.field_template = "includes/form_field.html"
    return helper

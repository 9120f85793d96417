"""Checking an API response against the OpenAPI document the API publishes.

A small JSON Schema check for the keywords django-ninja writes (type, properties, required,
items, additionalProperties, anyOf, enum, $ref, format date), strict where it matters: an
object may hold no property the document does not declare, and any keyword it does not know
fails the check rather than passing unchecked."""

import datetime

ANNOTATIONS = {"title", "description", "default"}
TYPES = {
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "array": list,
    "object": dict,
    "null": type(None),
}


class Invalid(AssertionError):
    pass


def operation_schema(document, path, status):
    """The schema of a GET ``path``'s answer with ``status``, from the document's paths."""
    for template, operations in document["paths"].items():
        if _matches(template.split("/"), path.split("/")):
            response = operations["get"]["responses"][str(status)]
            return response["content"]["application/json"]["schema"]
    raise Invalid(f"{path} is not in the OpenAPI document")


def _matches(template, path):
    """A path matches a template like /api/v1/medicines/{slug}/ segment by segment."""
    return len(template) == len(path) and all(
        part == given or (part.startswith("{") and part.endswith("}") and given)
        for part, given in zip(template, path, strict=True)
    )


def validate(document, schema, value, where="$"):
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/components/schemas/")
        return validate(document, document["components"]["schemas"][name], value, where)
    unknown = (
        set(schema)
        - ANNOTATIONS
        - {
            "type",
            "properties",
            "required",
            "items",
            "additionalProperties",
            "anyOf",
            "enum",
            "format",
        }
    )
    if unknown:
        raise Invalid(f"{where}: keywords this check does not know: {sorted(unknown)}")
    if "anyOf" in schema:
        errors = []
        for option in schema["anyOf"]:
            try:
                return validate(document, option, value, where)
            except Invalid as error:
                errors.append(str(error))
        raise Invalid(f"{where}: matches none of anyOf: {errors}")
    if "type" in schema:
        expected = TYPES[schema["type"]]
        if isinstance(value, bool) and schema["type"] in ("integer", "number"):
            raise Invalid(f"{where}: {value!r} is not {schema['type']}")
        if not isinstance(value, expected):
            raise Invalid(f"{where}: {value!r} is not {schema['type']}")
    if "enum" in schema and value not in schema["enum"]:
        raise Invalid(f"{where}: {value!r} not in {schema['enum']}")
    if schema.get("format") == "date":
        datetime.date.fromisoformat(value)
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            validate(document, schema["items"], item, f"{where}[{index}]")
    if isinstance(value, dict) and schema.get("type") == "object":
        properties = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                raise Invalid(f"{where}: {name!r} is required")
        for name, item in value.items():
            if name in properties:
                validate(document, properties[name], item, f"{where}.{name}")
            elif "additionalProperties" in schema:
                validate(document, schema["additionalProperties"], item, f"{where}.{name}")
            else:
                raise Invalid(f"{where}: {name!r} is not in the document")
    return None

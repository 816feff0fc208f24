"""MkDocs hooks: pages generated from the code at build time, so they cannot drift from it.

`<!-- generated: policy-rules -->` becomes the rule reference of every bundled profile (from the
YAML, through the same loader the program uses), and `<!-- generated: http-api -->` the HTTP
routes from the service's own OpenAPI schema.
"""

from __future__ import annotations

import json

from policies import bundled_profiles, load_policy

def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def policy_rules() -> str:
    out: list[str] = []
    for name in bundled_profiles():
        policy = load_policy(name)
        base = load_policy(policy.extends) if policy.extends else None
        own = [rule for rule in policy.rules if base is None or rule not in base.rules]
        out.append(f"## `{name}` (version {policy.version})\n")
        if policy.description:
            out.append(f"{policy.description}\n")
        if base is not None:
            out.append(f"Extends `{policy.extends}`: the rules below come first, then the base's; "
                       f"`prefilter: {str(policy.prefilter).lower()}`, `min_score_cap: {policy.min_score_cap}`.\n")
        out.append("| rule | entity | action | where / categories | message | basis | remedy | example |")
        out.append("|---|---|---|---|---|---|---|---|")
        for rule in own:
            scope = ", ".join([f"{key}={value}" for key, value in rule.where.items()] + [f"category {c}" for c in rule.categories])
            out.append("| " + " | ".join(_cell(v) for v in (
                f"`{rule.id}`", ", ".join(rule.entity), rule.action, scope or "—", rule.message, rule.basis,
                f"{rule.remedy.kind}: {rule.remedy.instruction}", rule.example or "—")) + " |")
        out.append("")
        retention = [r for r in policy.retention if base is None or r not in base.retention]
        if retention:
            out.append(f"### Retention rules of `{name}` (`screening sweep`)\n")
            out.append("| rule | categories | title has | when | until | reason | basis |")
            out.append("|---|---|---|---|---|---|---|")
            for r in retention:
                until = r.until + (f" {r.after}" if r.after else "") + (f" (else {r.fallback})" if r.fallback else "")
                out.append("| " + " | ".join(_cell(v) for v in (
                    f"`{r.id}`", ", ".join(r.categories) or "all", "、".join(r.title_any) or "—", r.when, until,
                    r.reason, r.basis)) + " |")
            out.append("")
    return "\n".join(out)


def http_api() -> str:
    from screening.service.app import create_app

    schema = create_app(warm_up=False).openapi()
    out = [f"OpenAPI {schema['openapi']} schema of `{schema['info']['title']}` {schema['info']['version']}; "
           "a running server serves it at `/openapi.json` and as Swagger UI at `/docs`.\n"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            out.append(f"### `{method.upper()} {path}`\n")
            out.append(f"**{operation.get('summary', '')}**\n")
            if operation.get("description"):
                out.append(operation["description"].strip() + "\n")
            params = operation.get("parameters", [])
            if params:
                out.append("| parameter | in | type | description |")
                out.append("|---|---|---|---|")
                for param in params:
                    kind = param.get("schema", {}).get("type", "")
                    out.append(f"| `{param['name']}` | {param['in']} | {kind} | {_cell(param.get('description', ''))} |")
                out.append("")
            responses = ", ".join(f"{code} {_cell(r.get('description', ''))}" for code, r in operation.get("responses", {}).items())
            out.append(f"Responses: {responses}\n")
    out.append("<details><summary>The whole schema (JSON)</summary>\n\n```json\n"
               + json.dumps(schema, ensure_ascii=False, indent=1) + "\n```\n</details>\n")
    return "\n".join(out)


GENERATORS = {"<!-- generated: policy-rules -->": policy_rules, "<!-- generated: http-api -->": http_api}


def on_page_markdown(markdown: str, page, config, files) -> str:
    for marker, generate in GENERATORS.items():
        if marker in markdown:
            markdown = markdown.replace(marker, generate())
    return markdown

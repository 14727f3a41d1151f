"""The catalog's shape: the one source of truth.

These pydantic models are the typed objects every renderer works with, and the
editors' JSON Schema (`data/status_codes.schema.json`) is generated from them
(`statuskb schema`). A test fails when the committed schema drifts from the models.

Validation itself runs the generated JSON Schema (jsonschema) over the parsed YAML
first, so that editors, the CLI and the build agree on what is valid and every
problem comes back with its line. Cross-references and prose rules that a schema
cannot express live in `rules/`, one per module.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

# ----------------------------------------------------------------------------- scalars
#: What one-line fields allow, said in every message about them.
INLINE_ALLOWED = "inline Markdown only: text, [links](https://…), `code`, *emphasis*, **strong**"
#: What block fields allow besides.
BLOCK_ALLOWED = "paragraphs, lists, code blocks (``` fences) and tables, with inline Markdown"
#: Field names whose text is block Markdown (`appearances[].text` and `examples[].text` too).
BLOCK_FIELDS = frozenset({"plain", "technical", "origin", "answer"})
BLOCK_TEXT_PARENTS = frozenset({"appearances", "examples"})

Label = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200, pattern=r"\S"),
    Field(description=f"A short line (at most 200 characters): {INLINE_ALLOWED}."),
]
Text = Annotated[
    str,
    StringConstraints(min_length=1, max_length=1_500, pattern=r"\S"),
    Field(description=f"One line (at most 1,500 characters): {INLINE_ALLOWED}. No raw HTML."),
]
BlockText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=12_000, pattern=r"\S"),
    Field(description=f"Markdown (at most 12,000 characters): {BLOCK_ALLOWED}. No headings, no raw HTML."),
]
Snippet = Annotated[
    str,
    StringConstraints(min_length=1, max_length=4_000, pattern=r"\S"),
    Field(description="A command or config snippet, shown exactly as written (at most 4,000 characters)."),
]


def text_kind(path: tuple[str | int, ...]) -> str:
    """'block' for the fields that hold block Markdown (`BlockText`), else 'inline'."""
    name = path[-1] if path else ""
    parent = path[-3] if len(path) >= 3 else ""
    if name in BLOCK_FIELDS or (name == "text" and parent in BLOCK_TEXT_PARENTS):
        return "block"
    return "inline"
Identifier = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$"),
    Field(description="Lower-case id: letters, digits and hyphens.", examples=["rfc9110", "nginx"]),
]
StatusCode = Annotated[
    int,
    Field(ge=500, le=599, description="An HTTP status code of the 5xx class.", examples=[502]),
]
IsoDate = Annotated[
    str,
    StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"),
    Field(description="A date as YYYY-MM-DD.", examples=["2026-11-26"]),
]
Url = Annotated[
    str,
    StringConstraints(pattern=r"^https?://[^\s<>\"]+$"),
    Field(description="An absolute http(s) URL.", examples=["https://www.rfc-editor.org/rfc/rfc9110"]),
]

Standing = Literal["standard", "registered", "obsoleted", "vendor", "unofficial"]
Audience = Literal["visitor", "owner", "developer"]
ContextKind = Literal["audience", "web-server", "proxy", "cache", "cdn", "load-balancer", "platform", "app-server"]
#: capture: a user's verbatim public copy of what a server sent (an issue or Q&A thread quoting a vendor's
#: page the vendor does not publish itself); its note says whose capture it is, of what, and when.
SourceKind = Literal["spec", "registry", "vendor-doc", "server-manual", "source-code", "article", "capture"]
Retryable = Literal["immediately", "with-backoff", "never"]
Hop = Literal["client", "network", "cdn", "load-balancer", "reverse-proxy", "cache", "application", "database"]
Duration = Literal["transient", "scheduled", "until-fixed", "varies"]
LikelihoodLevel = Literal["most-common", "common", "occasional", "rare"]
LikelihoodBasis = Literal["vendor-doc", "lab", "editors"]
#: Languages whose blocks are commands to type, programs, or queries; every other language is configuration.
SHELL_LANGUAGES = frozenset({"bash", "shell", "sh", "console", "powershell", "text"})
PROGRAM_LANGUAGES = frozenset({"python", "javascript", "go", "java", "ruby", "php"})
QUERY_LANGUAGES = frozenset({"kusto", "sql"})
CommandPurpose = Literal["diagnose", "test", "config", "apply", "restart", "query"]


class Strict(BaseModel):
    """Base for every catalog object: unknown keys are errors, objects are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# ----------------------------------------------------------------------------- registries
class Source(Strict):
    """A citable document. Everything in the catalog cites sources by their id."""

    title: Label = Field(
        description="The document's title as its publisher gives it.",
        examples=["RFC 9110: HTTP Semantics"],
    )
    publisher: Label = Field(description="Who publishes it.", examples=["IETF", "Cloudflare"])
    kind: SourceKind = Field(description="What sort of document it is (capture: a user's verbatim public copy of a "
                                        "response, not the vendor's documentation).", examples=["spec"])
    url: Url = Field(description="Where a reader can read it.")
    note: Text | None = Field(
        default=None,
        description="Which part is cited, or a caveat about the source.",
        examples=["Section 15.6 (Server Error 5xx)"],
    )


class RequestPath(Strict):
    """The hops a request crosses, with the one that failed and the one that answered."""

    hops: list[Hop] = Field(
        min_length=2,
        description="The hops from the client inwards, as relevant.",
        examples=[["client", "cdn", "reverse-proxy", "application"]],
    )
    failed: Hop = Field(description="The hop where the failure is.", examples=["application"])
    answered: Hop = Field(description="The hop that sent the 5xx response.", examples=["reverse-proxy"])
    caption: Text = Field(
        examples=["The reverse proxy answers 502 for an application that failed."],
        description="One sentence that says what the diagram shows.",
    )


class LogLocation(Strict):
    """Where a context writes what an operator needs to read."""

    what: Label = Field(description="Which log or view.", examples=["Error log"])
    where: Text = Field(description="Path, command or console location.", examples=["`/var/log/nginx/error.log`"])


class Emission(Strict):
    """A 5xx code a context sends by itself, and when."""

    code: StatusCode
    when: Text = Field(
        examples=["The upstream did not answer before `proxy_read_timeout`."],
        description="The situation in which this context sends the code.",
    )
    source: Identifier = Field(description="Id of the source that documents it.")


HeaderName = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9-]*$"),
    Field(description="An HTTP header name.", examples=["Server", "CF-Ray"]),
]
FingerprintMeaning = Literal["generated", "passed", "upstream"]


class Fingerprint(Strict):
    """A trait of a response that tells which hop produced it, or which hops it passed through."""

    header: HeaderName | None = Field(
        default=None,
        description="The response header that carries the trait; leave it out for a trait of the body.",
        examples=["Server"],
    )
    contains: Annotated[str, StringConstraints(min_length=1)] | None = Field(
        default=None,
        description="Text that the header's value or the body contains, compared without regard to case. "
        "Leave it out (with `header`) when the header being there at all is the trait.",
        examples=["nginx"],
    )
    empty_body: bool = Field(
        default=False, description="True when the trait also needs the body to be empty.", examples=[True]
    )
    means: FingerprintMeaning = Field(
        description="generated: this context produced the response itself (its own error page); passed: "
        "the response went through this context, which marks every response so; upstream: the response "
        "came from the server behind this context.",
        examples=["generated"],
    )
    source: Identifier = Field(description="Id of the source that documents or shows the trait.")


class Context(Strict):
    """A place where 5xx errors show up: an audience, a server, a CDN, a platform."""

    name: Label = Field(description="Display name.", examples=["nginx", "Websites"])
    kind: ContextKind = Field(description="What sort of context this is.", examples=["proxy"])
    mentions: list[Text] = Field(
        default_factory=list,
        description="The words by which catalog text names this product, matched as whole words with their case; "
        "without them, the part of `name` before any parenthesis. The `cited-claims` rule looks for them in "
        "causes, technical explanations and FAQ answers, which then need a source at the claim.",
        examples=[["Apache", "httpd", "mod_proxy"]],
    )
    summary: Text = Field(
        examples=["A web server and reverse proxy in front of application servers."],
        description="One sentence: where it sits in the request path, or who this audience is.",
    )
    position: Text | None = Field(
        examples=["Between the client (or a CDN) and the application; it forwards requests upstream."],
        default=None,
        description="Where it sits in the request path and what it talks to (required for every kind but audience).",
    )
    request_path: RequestPath | None = Field(
        examples=[
            {
                "hops": ["client", "reverse-proxy", "application"],
                "failed": "application",
                "answered": "reverse-proxy",
                "caption": "nginx answers for an application that failed.",
            }
        ],
        default=None,
        description="The request path drawn on the context's page.",
    )
    logs: list[LogLocation] = Field(
        examples=[[{"what": "Error log", "where": "`/var/log/nginx/error.log`"}]],
        default_factory=list,
        description="Where its logs are.",
    )
    emits: list[Emission] = Field(
        examples=[
            [
                {
                    "code": 502,
                    "when": "The upstream refused the connection or sent an invalid response.",
                    "source": "nginx-source",
                }
            ]
        ],
        default_factory=list,
        description="The 5xx codes it sends by itself, and when.",
    )
    sources: list[Identifier] = Field(
        examples=[["nginx-proxy-module"]],
        default_factory=list,
        description="Ids of the sources behind the context's page.",
    )
    fingerprints: list[Fingerprint] = Field(
        examples=[[{"header": "Server", "contains": "nginx", "means": "generated", "source": "nginx-source"}]],
        default_factory=list,
        description="Traits of the responses it generates or passes on, by which `statuskb diagnose` tells "
        "which hop answered.",
    )


# ----------------------------------------------------------------------------- code parts
class SpecReference(Strict):
    """Where the code is defined."""

    source: Identifier = Field(description="Id of the defining document in `sources`.", examples=["rfc9110"])
    section: Label | None = Field(default=None, description="Section within that document.", examples=["15.6.3"])


class RetryGuidance(Strict):
    """Whether and how a client should try again."""

    retryable: Retryable = Field(
        description="immediately: a retry can succeed at once; with-backoff: retry later, with "
        "growing pauses; never: retrying the same request will not help.",
        examples=["with-backoff"],
    )
    retry_after: bool = Field(
        description="True when RFC 9110 gives the Retry-After header a meaning with this code (503).",
        examples=[False],
    )
    advice: Text = Field(
        examples=["Retry idempotent requests after a pause, with backoff."],
        description="What a client or visitor should do about retrying.",
    )


class Signal(Strict):
    """A log line or message that reveals a cause, quoted from a cited source."""

    context: Identifier = Field(description="Id of the context that writes it.", examples=["nginx"])
    text: Text = Field(
        description="The line or message exactly as the software prints it.",
        examples=["connect() failed (111: Connection refused) while connecting to upstream"],
    )
    source: Identifier = Field(description="Id of the source that documents or shows it.")


class LabReproduction(Strict):
    """A behaviour-lab scenario in which some of the cause's contexts answer with the cause's code."""

    scenario: Identifier = Field(
        description="Id of the lab scenario, as in data/observations.yaml.", examples=["refused"]
    )
    contexts: list[Identifier] = Field(
        min_length=1,
        description="Ids of the lab's servers that answer with this code, by themselves, for this cause in "
        "that scenario; each must be among the cause's contexts.",
        examples=[["nginx", "caddy"]],
    )


class Likelihood(Strict):
    """How likely a cause is, compared with the code's other causes, and what says so.

    The guide publishes no statistics no source states: the level is a rank, and the basis says
    whose rank it is, so a reader can tell a vendor's statement from the editors' judgement.
    """

    level: LikelihoodLevel = Field(
        description="most-common: the first cause to check; common: often the reason; occasional: "
        "happens, but check the others first; rare: only in particular setups.",
        examples=["most-common"],
    )
    basis: LikelihoodBasis = Field(
        description="vendor-doc: the vendor's documentation ranks it so (cite it in `source`); lab: the "
        "behaviour lab reproduces it with the servers' default settings (the cause needs `lab` entries); "
        "editors: the editors' judgement, shown as such.",
        examples=["vendor-doc"],
    )
    source: Identifier | None = Field(
        default=None,
        description="For basis vendor-doc: id of the vendor document that ranks the cause.",
        examples=["cloudflare-522"],
    )
    says: Text | None = Field(
        default=None,
        description="For basis vendor-doc: what the vendor's document says, in its own words or closely.",
        examples=["The most common cause is the origin blocking or rate-limiting Cloudflare's IP addresses."],
    )


class Cause(Strict):
    """One reason the code happens."""

    id: Identifier = Field(description="Unique within the code.", examples=["upstream-down"])
    title: Label = Field(description="Short name of the cause.", examples=["The upstream is down"])
    description: Text = Field(
        examples=[
            "The proxy opens a connection and the backend refuses it: the process is down or listens on another port."
        ],
        description="What happens, in one or two sentences.",
    )
    contexts: list[Identifier] = Field(
        examples=[["nginx", "apache"]], min_length=1, description="Ids of the contexts where this cause applies."
    )
    signals: list[Signal] = Field(
        examples=[
            [
                {
                    "context": "nginx",
                    "text": "connect() failed (111: Connection refused) while connecting to upstream",
                    "source": "nginx-source",
                }
            ]
        ],
        default_factory=list,
        description="Log lines or messages that reveal this cause.",
    )
    fixes: list[Identifier] = Field(
        examples=[["start-upstream"]],
        default_factory=list,
        description="Ids of this code's fixes that address the cause.",
    )
    lab: list[LabReproduction] = Field(
        examples=[[{"scenario": "refused", "contexts": ["nginx", "caddy"]}]],
        default_factory=list,
        description="Where the behaviour lab (`statuskb lab run`) reproduces this cause; the tests check it, "
        "and the cause's log lines for those servers, against data/observations.yaml.",
    )
    likelihood: Likelihood | None = Field(
        default=None,
        examples=[{"level": "common", "basis": "editors"}],
        description="How likely the cause is among the code's causes, and on what basis; code pages list "
        "causes by it. Give it to every cause of a code, or to none.",
    )
    sources: list[Identifier] = Field(
        default_factory=list,
        examples=[["nginx-proxy-module"]],
        description="Ids of the sources behind this cause's description, shown at it as footnote links; "
        "needed when it names a server, CDN or platform, and each must also be in the entry's `sources`.",
    )


class Command(Strict):
    """A command or config snippet for one context."""

    context: Identifier = Field(description="Id of the context the command is for.", examples=["nginx"])
    language: Identifier = Field(description="Syntax highlighting language.", examples=["shell", "nginx", "apache"])
    purpose: CommandPurpose | None = Field(
        default=None,
        description="What the block is for, shown in its tab label (\"nginx: config\"): diagnose, test, "
        "config, apply, restart or query. Without it the label says config for configuration languages and "
        "commands for shells; give it when a fix has two blocks for one context.",
        examples=["diagnose"],
    )

    def shown_purpose(self) -> str:
        """The purpose a tab label shows: the given one, else what the language says the block is."""
        if self.purpose:
            return self.purpose
        return "commands" if self.language in SHELL_LANGUAGES else "code" if self.language in PROGRAM_LANGUAGES \
            else "query" if self.language in QUERY_LANGUAGES else "config"

    code: Snippet = Field(
        examples=["sudo tail -n 50 /var/log/nginx/error.log"],
        description="The command or snippet, exactly as it should be typed.",
    )


class Fix(Strict):
    """Something a visitor, a site owner or a developer can do."""

    id: Identifier = Field(description="Unique within the code.", examples=["check-upstream"])
    audience: Audience = Field(description="Who does it.", examples=["owner"])
    title: Label = Field(description="What the fix achieves.", examples=["Check that the upstream is running"])
    steps: list[Text] = Field(
        examples=[["Check that the backend runs.", "Start it, then reload the page."]],
        min_length=1,
        description="Steps, in order.",
    )
    commands: list[Command] = Field(
        examples=[[{"context": "nginx", "language": "bash", "code": "sudo nginx -t"}]],
        default_factory=list,
        description="Per-server commands, where they differ.",
    )


class Appearance(Strict):
    """How the code shows up in one context (on a website, in an API, in a game)."""

    context: Identifier = Field(description="Id of the context.", examples=["apis"])
    text: BlockText = Field(
        examples=["On a website the browser shows the proxy's error page, not the site."],
        description="What the code means and looks like there.",
    )


class Misconception(Strict):
    """A common belief and the truth."""

    myth: Text = Field(examples=["Refreshing over and over fixes a 502."], description="What people wrongly believe.")
    truth: Text = Field(
        examples=["One reload after a pause is enough; the site's operators must fix the cause."],
        description="What is actually the case.",
    )


class Faq(Strict):
    """A question readers ask, with its answer."""

    question: Label = Field(description="The question, as a reader would ask it.", examples=["Is a 502 my fault?"])
    answer: BlockText = Field(
        examples=["Almost never. A 502 is an error between the site's own servers."],
        description="A complete answer that stands on its own.",
    )
    sources: list[Identifier] = Field(
        default_factory=list,
        examples=[["nginx-proxy-module"]],
        description="Ids of the sources behind this answer, shown at it as footnote links; "
        "needed when it names a server, CDN or platform, and each must also be in the entry's `sources`.",
    )


class Example(Strict):
    """A real-world situation in which the code appears."""

    title: Label = Field(examples=["A deploy restarted the application"], description="Short name of the situation.")
    text: BlockText = Field(
        examples=["For a few seconds nothing listened on the backend port, so the proxy answered 502."],
        description="What happened and why it produced this code.",
    )
    source: Identifier | None = Field(default=None, description="Id of a source that documents it.")


class RelatedCode(Strict):
    """Another code readers confuse with this one or meet alongside it."""

    code: StatusCode
    relation: Text = Field(
        examples=["504 means the backend answered too late; 502 that its answer was unusable."],
        description="How it differs from this code.",
    )


class CodeEntry(Strict):
    """Everything the guide says about one status code."""

    code: StatusCode
    reason: Label = Field(description="The reason phrase.", examples=["Bad Gateway"])
    standing: Standing = Field(
        description="standard: defined in RFC 9110; registered: in the IANA registry, defined "
        "elsewhere; obsoleted: marked so by IANA; vendor: used by one vendor, not registered; "
        "unofficial: informal convention.",
        examples=["standard"],
    )
    vendor: Label | None = Field(
        default=None, description="For vendor codes: the vendor that emits it.", examples=["Cloudflare"]
    )
    spec: SpecReference = Field(
        examples=[{"source": "rfc9110", "section": "15.6.3"}], description="The document that defines the code."
    )
    summary: Text = Field(
        examples=["A gateway or proxy got an invalid response from the server behind it."],
        description="One-line meaning for tables (at most 25 words).",
    )
    definition: Text = Field(
        examples=[
            "502 Bad Gateway means a server acting as a gateway or proxy got an invalid response "
            "from the server behind it."
        ],
        description="The short definition shown first (at most 50 words): the featured snippet.",
    )
    emitted_by: Text = Field(
        description="Who sends this code, in a few words.",
        examples=["A gateway, proxy, load balancer or CDN, about the server behind it"],
    )
    visitor_view: Text = Field(
        examples=["Almost never your fault: wait a minute and reload once."],
        description="For a visitor: is it my fault, and what can I do? One or two sentences.",
    )
    origin: BlockText = Field(
        examples=[
            "Listed in [RFC 1945](https://www.rfc-editor.org/rfc/rfc1945) (HTTP/1.0, 1996); "
            "defined today in RFC 9110, section 15.6.3."
        ],
        description="Where the code comes from: its history in the specifications.",
    )
    plain: BlockText = Field(
        examples=["The site's front door works, but the part behind it that builds the page did not answer properly."],
        description="Plain-language explanation, no jargon.",
    )
    technical: BlockText = Field(
        examples=[
            "A 502 is generated by an intermediary about the hop behind it ([RFC 9110, section 15.6.3](https://www.rfc-editor.org/rfc/rfc9110#section-15.6.3))."
        ],
        description="Technical explanation for developers and operators.",
    )
    technical_sources: list[Identifier] = Field(
        default_factory=list,
        examples=[["rfc9110", "nginx-proxy-module"]],
        description="Ids of the sources behind the technical explanation, shown at its end as footnote links; "
        "needed when it names a server, CDN or platform, and each must also be in the entry's `sources`.",
    )
    retry: RetryGuidance = Field(
        examples=[
            {"retryable": "with-backoff", "retry_after": False, "advice": "Retry idempotent requests after a pause."}
        ],
        description="Whether and how to retry.",
    )
    duration: Duration = Field(
        description="How long it typically lasts: transient (seconds to minutes), scheduled "
        "(a maintenance window), until-fixed (someone must change something), varies.",
        examples=["transient"],
    )
    request_path: RequestPath = Field(
        examples=[
            {
                "hops": ["client", "reverse-proxy", "application"],
                "failed": "application",
                "answered": "reverse-proxy",
                "caption": "The proxy answers for the application.",
            }
        ],
        description="The typical request path, drawn on the page.",
    )
    heuristically_cacheable: bool = Field(
        description="True when RFC 9110 lets caches store the response without explicit freshness "
        "(among 5xx codes only 501).",
        examples=[False],
    )
    causes: list[Cause] = Field(
        examples=[
            [
                {
                    "id": "upstream-down",
                    "title": "The upstream is down",
                    "description": "Nothing listens on the upstream port.",
                    "contexts": ["nginx"],
                    "fixes": ["start-upstream"],
                }
            ]
        ],
        min_length=1,
        description="Why it happens.",
    )
    appearances: list[Appearance] = Field(
        examples=[[{"context": "apis", "text": "Clients should retry idempotent requests with backoff."}]],
        default_factory=list,
        description="How it shows up on websites, in APIs, in games and streams.",
    )
    fixes: list[Fix] = Field(
        examples=[
            [
                {
                    "id": "start-upstream",
                    "audience": "owner",
                    "title": "Start the upstream",
                    "steps": ["Start the application, then reload the page."],
                }
            ]
        ],
        min_length=1,
        description="What visitors, owners and developers can do.",
    )
    misconceptions: list[Misconception] = Field(
        examples=[
            [{"myth": "A 502 means my internet is broken.", "truth": "The failure is between the site's own servers."}]
        ],
        default_factory=list,
        description="Myths and truths.",
    )
    faqs: list[Faq] = Field(
        examples=[
            [{"question": "Is a 502 my fault?", "answer": "Almost never: the error is between the site's servers."}]
        ],
        min_length=1,
        description="Frequently asked questions.",
    )
    examples: list[Example] = Field(
        examples=[
            [
                {
                    "title": "A deploy restarted the application",
                    "text": "For a few seconds nothing listened on the backend port.",
                }
            ]
        ],
        default_factory=list,
        description="Real-world situations.",
    )
    prevention: list[Text] = Field(
        examples=[["Give the proxy a health check so it stops sending requests to a dead backend."]],
        default_factory=list,
        description="How to keep it from happening.",
    )
    related: list[RelatedCode] = Field(
        examples=[
            [{"code": 504, "relation": "504 means the backend answered too late; 502 that its answer was unusable."}]
        ],
        default_factory=list,
        description="Codes to compare with.",
    )
    recap: list[Text] = Field(
        examples=[["A 502 comes from a gateway about the server behind it."]],
        default_factory=list,
        description="Quick recap: the key points.",
    )
    sources: list[Identifier] = Field(
        examples=[["rfc9110", "nginx-source"]], min_length=1, description="Ids of the sources behind this entry."
    )
    last_reviewed: IsoDate = Field(description="When the entry was last checked against its sources.")


class Difference(Strict):
    """One aspect on which two codes differ."""

    aspect: Label = Field(description="What is compared.", examples=["Which hop gave up"])
    first: Text = Field(examples=["An invalid or no response"], description="How it is for the first code.")
    second: Text = Field(examples=["No response in time"], description="How it is for the second code.")


class Comparison(Strict):
    """Two codes side by side: the pairwise pages /compare/<first>-vs-<second>/."""

    first: StatusCode = Field(description="The lower code of the pair.")
    second: StatusCode = Field(description="The higher code of the pair.")
    summary: Text = Field(
        examples=["Both come from a gateway. 502: the answer was unusable; 504: it came too late."],
        description="The difference in two or three sentences.",
    )
    differences: list[Difference] = Field(
        examples=[[{"aspect": "What went wrong", "first": "An invalid answer", "second": "No answer in time"}]],
        min_length=1,
        description="Aspect by aspect.",
    )
    tell_apart: Text = Field(
        examples=["Look at the gateway's error log: a timeout message means 504."],
        description="How a reader tells which one they are looking at.",
    )


class Term(Strict):
    """A glossary term, shown as a tooltip wherever it appears and on /glossary/."""

    term: Label = Field(description="The term as it appears in text.", examples=["reverse proxy"])
    definition: Text = Field(
        examples=["The server a proxy forwards a request to."], description="One or two plain sentences."
    )
    aliases: list[Label] = Field(
        default_factory=list,
        description="Other spellings that get the same tooltip.",
        examples=[["reverse proxies"]],
    )


class Catalog(Strict):
    """The whole catalog file."""

    sources: dict[Identifier, Source] = Field(
        examples=[
            {
                "rfc9110": {
                    "title": "RFC 9110: HTTP Semantics",
                    "publisher": "IETF",
                    "kind": "spec",
                    "url": "https://www.rfc-editor.org/rfc/rfc9110",
                }
            }
        ],
        description="Citable documents, by id.",
    )
    contexts: dict[Identifier, Context] = Field(
        examples=[{"nginx": {"name": "nginx", "kind": "proxy", "summary": "A web server and reverse proxy."}}],
        description="Contexts, by id.",
    )
    glossary: dict[Identifier, Term] = Field(
        examples=[{"upstream": {"term": "upstream", "definition": "The server a proxy forwards a request to."}}],
        default_factory=dict,
        description="Glossary terms, by id.",
    )
    codes: list[CodeEntry] = Field(
        examples=[{"code": 502, "reason": "Bad Gateway", "standing": "standard"}],
        min_length=1,
        description="The status codes, one entry each.",
    )
    comparisons: list[Comparison] = Field(
        examples=[
            {
                "first": 502,
                "second": 504,
                "summary": "502: an unusable answer; 504: none in time.",
                "differences": [
                    {"aspect": "What went wrong", "first": "An invalid answer", "second": "No answer in time"}
                ],
                "tell_apart": "Read the gateway's error log.",
            }
        ],
        default_factory=list,
        description="Pairs of codes compared on their own pages.",
    )

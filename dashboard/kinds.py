"""The kinds of figure a dashboard panel shows, counted with aggregate queries, each able to list the
records behind any of its numbers (the drill-down pages and their CSV).

- ``CountFigure``: one number (a headline, or an exception that should be zero).
- ``BucketFigure``: records sorted into named, non-overlapping buckets by conditions (overdue, due
  soon, later), counted with conditional aggregation.
- ``GroupedFigure``: records counted per value of a field (status, dataset), optionally split by a
  second field into the segments of a stacked bar.

A figure is built from a function giving its records for a ``Scope``: the viewer's ``visible_to``
queryset narrowed to the organisation (and the period, where the figure is "in the period"). Either
``queryset`` gives them, or a ``source`` shared with other figures and a ``where`` condition narrowing
it: figures with the same source are counted together, in one query (``measure_all``), each through
its own ``FILTER`` (conditional aggregation), grouped by the fields the grouped ones among them need
(except a figure grouped by a field of thousands of values, ``counted_alone``); and all the queries
go to the database together, in one round trip.
Anything else (a list computed in Python, say) subclasses ``Figure`` and answers ``measure`` and
``records``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar, NamedTuple
from urllib.parse import urlencode

from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connections, models
from django.db.models import Aggregate, Count, Func, Q, QuerySet, Value
from django.urls import reverse
from django.utils.safestring import SafeString

from dashboard.charts import ChartBar, Segment, bar_chart
from dashboard.scope import Scope
from governance.batched import values_rows
from governance.models import User

# The drill-down value standing for "no value" (a blank field, or a null key).
EMPTY = "none"
# Bars beyond this many are left off a chart (its table lists more).
CHART_LIMIT = 12
# Bars beyond this many are left off the table too (a figure by dataset can have thousands): the largest
# are listed, and one line counts the rest, linked to the full list of the figure's records.
TABLE_LIMIT = 25


# The records behind a figure: a queryset, or a list where a figure is worked out in Python.
Records = QuerySet[Any] | Sequence[Any]


class BadValue(Exception):
    """A drill-down value that is not one of the figure's: the message is shown to the person."""


def everyone(user: User) -> bool:
    return True


def absolute_url(record: Any) -> str | None:
    url = getattr(record, "get_absolute_url", None)
    return url() if callable(url) else None


@dataclass(frozen=True)
class Column:
    """One column of a drill-down list and its CSV: a heading, the value shown, and where it links."""

    heading: str
    value: Callable[[Any], object]
    url: Callable[[Any], str | None] | None = None


def record_column(heading: str = "Record", value: Callable[[Any], object] = str) -> Column:
    """The record itself, linked to its page."""
    return Column(heading, value, absolute_url)


def figure_url(key: str, scope: Scope, value: str | None = None, series: str | None = None) -> str:
    return part_url(f"{reverse('dashboard:figure_list', args=[key])}?{scope.query()}", value, series)


def part_url(url: str, value: str | None = None, series: str | None = None) -> str:
    """The address of a figure's list (``url``) narrowed to one of its bars or segments: a figure with
    many parts reverses its own address once, not once a part."""
    extra = {name: part for name, part in (("value", value), ("series", series)) if part is not None}
    return f"{url}&{urlencode(extra)}" if extra else url


@dataclass(frozen=True)
class BarSegment:
    series: int
    label: str
    value: int
    url: str


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    url: str
    alert: bool = False
    segments: tuple[BarSegment, ...] = ()


@dataclass
class FigureResult:
    """A figure's numbers for one scope, with the address of the list behind each."""

    figure: Figure
    scope: Scope
    total: int
    url: str
    bars: list[Bar] = field(default_factory=list)
    series: list[str] = field(default_factory=list)
    samples: list[Any] = field(default_factory=list)  # the first few records, for exceptions
    more_bars: int = 0  # bars left off the table (the smallest), and their records
    more_total: int = 0

    @property
    def key(self) -> str:
        return self.figure.key

    @property
    def title(self) -> str:
        return self.figure.title

    @property
    def kind(self) -> str:
        return self.figure.kind

    @property
    def alert(self) -> bool:
        """A number that should be zero and is not."""
        return bool(self.figure.alert and self.total)

    @property
    def more_samples(self) -> bool:
        return self.total > len(self.samples)

    @property
    def chart_bars(self) -> list[Bar]:
        return self.bars[:CHART_LIMIT]

    @property
    def hidden_bars(self) -> int:
        return max(len(self.bars) - CHART_LIMIT, 0)

    @cached_property
    def chart(self) -> SafeString:
        bars = [
            ChartBar(bar.label, bar.value, bar.alert, tuple(Segment(s.series, s.value) for s in bar.segments))
            for bar in self.chart_bars
        ]
        return bar_chart(f"chart-{self.key}", self.title, bars, series=self.series, unit=self.figure.unit)


@dataclass(frozen=True, kw_only=True)
class Figure:
    key: str  # a slug, unique across the dashboard: it names the drill-down page
    title: str
    description: str = ""  # what is counted, in a sentence
    in_period: bool = False  # whether the period filter applies (else: as things stand today)
    unit: str = "records"  # the plural noun counted, e.g. "screenings"
    columns: Sequence[Column] = (record_column(),)
    alert: bool = False  # every number of it should be zero (an exception)
    shown_to: Callable[[User], bool] = everyone  # beyond the dashboard's own viewers
    own_organisation_only: bool = False
    # Counted afresh on every view, never kept (``dashboard.caching``): its numbers move with the clock
    # (a deadline in hours), not only with the records and the day.
    live: bool = False

    kind: ClassVar[str] = "bar"

    def measure(self, scope: Scope, *, sample: int = 0) -> FigureResult:
        raise NotImplementedError

    def records(self, scope: Scope, value: str | None = None, series: str | None = None) -> Records:
        """The records behind the figure, or behind one of its bars (``value``) or segments (``series``).
        Raises ``BadValue`` for a value the figure does not have."""
        raise NotImplementedError

    def value_label(self, scope: Scope, value: str | None, series: str | None = None) -> str:
        """The bar (and segment) a drill-down shows, in words."""
        return ""

    def url(self, scope: Scope, value: str | None = None, series: str | None = None) -> str:
        return figure_url(self.key, scope, value, series)


# The records a figure counts, for a scope.
Source = Callable[[Scope], QuerySet[Any]]


def _both(first: Q | None, second: Q | None) -> Q | None:
    if first is None:
        return second
    return first if second is None else first & second


@dataclass(frozen=True, kw_only=True)
class QueryFigure(Figure):
    queryset: Source | None = None  # the records counted, scoped to the viewer
    source: Source | None = None  # or: records shared with other figures (counted with them in one query)
    where: Callable[[Scope], Q] | None = None  # and the condition narrowing them to this figure's
    related: Sequence[str] = ()  # select_related for the list
    prefetch: Sequence[str] = ()  # prefetch_related for the list
    order_by: Sequence[str] = ()  # the list's order (the model's own when empty)

    def __post_init__(self) -> None:
        if (self.queryset is None) == (self.source is None):
            raise ValueError(f"The figure {self.key!r} needs either a queryset or a source, not both.")
        if self.where is not None and self.source is None:
            raise ValueError(f"The figure {self.key!r} narrows a source with `where`: give the source.")

    def counted(self, scope: Scope) -> QuerySet[Any]:
        """The records the figure counts."""
        if self.source is None:
            assert self.queryset is not None
            return self.queryset(scope)
        records = self.source(scope)
        return records.filter(self.where(scope)) if self.where is not None else records

    def ordering(self, queryset: QuerySet[Any]) -> tuple[Any, ...]:
        """The order of the list of ``queryset`` (the figure's records), its page and its sample alike: the
        figure's, else the queryset's, else the model's; ties by id."""
        order: tuple[Any, ...] = (
            tuple(self.order_by) or tuple(queryset.query.order_by) or tuple(queryset.model._meta.ordering)
        )
        return order if order and order[-1] in ("pk", "-pk") else (*order, "pk")

    def listing(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        listed = queryset.select_related(*self.related).prefetch_related(*self.prefetch)
        return listed.order_by(*self.ordering(queryset))

    def measure(self, scope: Scope, *, sample: int = 0) -> FigureResult:
        return measure_all([(self, sample)], scope)[0]

    # Counting, alone or with the figures sharing its source: the fields to group by, the aggregates
    # (their names start with ``prefix``, the condition narrowing the source to the figure's records is
    # ``where``), and the result from the rows, one per group.

    @property
    def counted_alone(self) -> bool:
        """Whether the figure is counted in a query of its own even when it shares its source: a figure
        grouped by a field with thousands of values (a dataset) would make the source's other figures be
        counted in thousands of rows, one for each, and their conditions tested in the grouped scan."""
        return False

    def group_fields(self) -> Sequence[str]:
        return ()

    def aggregates(self, scope: Scope, prefix: str, where: Q | None) -> dict[str, Aggregate]:
        raise NotImplementedError

    def result(self, scope: Scope, rows: Sequence[Mapping[str, Any]], prefix: str, sample: int) -> FigureResult:
        raise NotImplementedError

    def _no_value(self, value: str | None, series: str | None) -> None:
        if value is not None or series is not None:
            raise BadValue(f"“{self.title}” is one number: it has no parts to choose from.")


class _Member(NamedTuple):
    """A figure counted in a batch: where it is in the list asked for (``position``), the condition
    narrowing the batch's records to its own (None: all of them) and how many of its records to list."""

    position: int
    figure: QueryFigure
    where: Q | None
    sample: int


def measure_all(wanted: Sequence[tuple[Figure, int]], scope: Scope) -> list[FigureResult]:
    """Each figure's result (with ``sample`` of its records, for a number), in the order asked: the
    figures sharing a source counted in one aggregate query, each other query figure in one of its own,
    and all those queries sent together, in one round trip (``governance.batched``). On PostgreSQL the ids
    of a number's first records come with its count (``first_ids``), and the records are then read by id,
    one query for each kind: a query of its own, ``ORDER BY ... LIMIT 5``, was planned as a walk of an
    index in the list's order, which reads every record when only a few match (an exception's usual
    case): 75-140 ms for one or two of 140,000 active grants."""
    results: dict[int, FigureResult] = {}
    together: dict[Source, list[_Member]] = {}
    batches: list[tuple[QuerySet[Any], list[_Member]]] = []
    for index, (figure, sample) in enumerate(wanted):
        if not isinstance(figure, QueryFigure):
            results[index] = figure.measure(scope, sample=sample)
        elif figure.source is not None and not figure.counted_alone:
            where = figure.where(scope) if figure.where else None
            together.setdefault(figure.source, []).append(_Member(index, figure, where, sample))
        else:
            batches.append((figure.counted(scope), [_Member(index, figure, None, sample)]))
    for source, members in together.items():
        records = source(scope)
        grouped = [member for member in members if member.figure.group_fields()]
        plain = [member for member in members if not member.figure.group_fields()]
        if grouped and any(member.sample for member in plain) and _first_ids_counted(records):
            # A grouped query would give a number's first records group by group, not as one list.
            batches += [(records, grouped), (records, plain)]
        else:
            batches.append((records, members))
    queries = [_counting(records, members, scope) for records, members in batches]
    samples: dict[int, tuple[QuerySet[Any], list[Any]]] = {}  # each number's first ids, and what they are of
    for (records, members), rows in zip(batches, values_rows(queries), strict=True):
        for member in members:
            prefix = f"f{member.position}_"
            if rows and f"{prefix}first" in rows[0]:
                samples[member.position] = (records, list(rows[0][f"{prefix}first"] or []))
                results[member.position] = member.figure.result(scope, rows, prefix, 0)
            else:
                results[member.position] = member.figure.result(scope, rows, prefix, member.sample)
    _read_samples(samples, results)
    return [results[index] for index in range(len(wanted))]


def _first_ids_counted(records: QuerySet[Any]) -> bool:
    """Whether a number's first records can be found with its count (PostgreSQL's arrays)."""
    return connections[records.db].vendor == "postgresql"


def _counting(records: QuerySet[Any], members: Sequence[_Member], scope: Scope) -> QuerySet[Any]:
    """One aggregate query over ``records`` for all ``members``, grouped by every field any of them needs (or,
    where none does, one row for all the records, with the ids of the first records of the numbers listing
    some, where the database can)."""
    fields: list[str] = []
    aggregates: dict[str, Aggregate | Func] = {}
    for member in members:
        fields += [name for name in member.figure.group_fields() if name not in fields]
        aggregates |= member.figure.aggregates(scope, f"f{member.position}_", member.where)
    if not fields and _first_ids_counted(records):
        for member in members:
            if member.sample and isinstance(member.figure, CountFigure):
                order = member.figure.ordering(records)
                aggregates[f"f{member.position}_first"] = first_ids(order, member.where, member.sample)
    records = records.order_by()
    grouped = records.values(*fields) if fields else records.values(_all=Value(1))
    return grouped.annotate(**aggregates)


def first_ids(ordering: Sequence[Any], where: Q | None, count: int) -> Func:
    """An aggregate (PostgreSQL): the ids of the first ``count`` records in ``ordering`` matching ``where``,
    ``(array_agg(id ORDER BY ...) FILTER (WHERE ...))[1:count]``."""
    return Func(
        ArrayAgg("pk", filter=where, order_by=tuple(ordering)),
        # Cast, so that a condition that can match nothing (the aggregate is then NULL) is still an array.
        template=f"(CAST(%(expressions)s AS bigint[]))[1:{int(count)}]",
        output_field=ArrayField(models.BigIntegerField()),
    )


def _read_samples(samples: Mapping[int, tuple[QuerySet[Any], list[Any]]], results: Mapping[int, FigureResult]) -> None:
    """Each number's first records, from their ids: one query for the numbers over the same kind of record
    listed alike (the exceptions over active grants share one)."""
    alike: dict[tuple[Any, ...], list[int]] = {}
    for position, (records, ids) in samples.items():
        figure = results[position].figure
        if ids and isinstance(figure, QueryFigure):
            alike.setdefault((records.model, tuple(figure.related), tuple(figure.prefetch)), []).append(position)
    for positions in alike.values():
        first = results[positions[0]].figure
        assert isinstance(first, QueryFigure)
        model = samples[positions[0]][0].model
        wanted = {pk for position in positions for pk in samples[position][1]}
        found = {record.pk: record for record in first.listing(model._default_manager.filter(pk__in=wanted))}
        for position in positions:
            results[position].samples = [found[pk] for pk in samples[position][1] if pk in found]


def _sum(rows: Sequence[Mapping[str, Any]], name: str) -> int:
    return sum(row[name] or 0 for row in rows)


@dataclass(frozen=True, kw_only=True)
class CountFigure(QueryFigure):
    """One number: how many records match."""

    kind: ClassVar[str] = "number"

    def aggregates(self, scope: Scope, prefix: str, where: Q | None) -> dict[str, Aggregate]:
        return {f"{prefix}n": Count("pk", filter=where)}

    def result(self, scope: Scope, rows: Sequence[Mapping[str, Any]], prefix: str, sample: int) -> FigureResult:
        total = _sum(rows, f"{prefix}n")
        # The first few records, looked for only when there are some (usually none: an exception).
        samples = list(self.listing(self.counted(scope))[:sample]) if sample and total else []
        return FigureResult(self, scope, total, self.url(scope), samples=samples)

    def records(self, scope: Scope, value: str | None = None, series: str | None = None) -> QuerySet[Any]:
        self._no_value(value, series)
        return self.listing(self.counted(scope))


@dataclass(frozen=True)
class Bucket:
    key: str  # a slug; the drill-down value
    label: str
    condition: Q
    alert: bool = False  # should be empty


@dataclass(frozen=True, kw_only=True)
class BucketFigure(QueryFigure):
    """Records sorted into buckets by conditions. The buckets must not overlap; the figure's total (and
    its whole list) is the records in any bucket."""

    buckets: Callable[[Scope], Sequence[Bucket]]

    def aggregates(self, scope: Scope, prefix: str, where: Q | None) -> dict[str, Aggregate]:
        return {
            f"{prefix}{index}": Count("pk", filter=_both(where, bucket.condition))
            for index, bucket in enumerate(self.buckets(scope))
        }

    def result(self, scope: Scope, rows: Sequence[Mapping[str, Any]], prefix: str, sample: int) -> FigureResult:
        url = self.url(scope)
        bars = [
            Bar(bucket.label, _sum(rows, f"{prefix}{index}"), part_url(url, bucket.key), bucket.alert)
            for index, bucket in enumerate(self.buckets(scope))
        ]
        return FigureResult(self, scope, sum(bar.value for bar in bars), url, bars)

    def _bucket(self, scope: Scope, value: str) -> Bucket:
        for bucket in self.buckets(scope):
            if bucket.key == value:
                return bucket
        raise BadValue(f"“{value}” is not one of the parts of “{self.title}”.")

    def records(self, scope: Scope, value: str | None = None, series: str | None = None) -> QuerySet[Any]:
        if series is not None:
            raise BadValue(f"“{self.title}” has no series to choose from.")
        queryset = self.counted(scope)
        if value is None:
            condition = Q(pk__in=[])
            for bucket in self.buckets(scope):
                condition |= bucket.condition
            return self.listing(queryset.filter(condition))
        return self.listing(queryset.filter(self._bucket(scope, value).condition))

    def value_label(self, scope: Scope, value: str | None, series: str | None = None) -> str:
        return self._bucket(scope, value).label if value is not None else ""


def _field_at(model: type[models.Model], path: str) -> models.Field[Any, Any] | None:
    """The model field at the end of a lookup path (``dataset__organisation_id``)."""
    current: Any = model
    *relations, name = path.split("__")
    try:
        for relation in relations:
            current = current._meta.get_field(relation).related_model
        return current._meta.get_field(name)
    except (FieldDoesNotExist, AttributeError):
        return None


def _as_value(raw: object) -> str:
    return EMPTY if raw is None or raw == "" else str(raw)


@dataclass(frozen=True, kw_only=True)
class GroupedFigure(QueryFigure):
    """Records counted per value of ``group_by`` (and, for a stacked bar, split by ``series_by``).

    A value's label comes from ``labels`` (a mapping, e.g. a TextChoices' choices, whose order is the
    bars' order and whose values are always shown, zeros included), from the field at ``label_by``
    (e.g. ``dataset__name``) or from the function ``label_of``; bars not in ``labels`` run from the
    largest down."""

    group_by: str
    labels: Mapping[str, str] | None = None
    label_by: str | None = None
    label_of: Callable[[str], str] | None = None  # a value's label, worked out when it is shown
    # Or: the labels of the values shown, looked up after counting (one query for the bars in the table,
    # rather than joining every counted record to its label: a figure by dataset has thousands of values).
    labels_of: Callable[[Sequence[str]], Mapping[str, str]] | None = None
    series_by: str | None = None
    series_labels: Mapping[str, str] | None = None
    series_label_by: str | None = None
    series_labels_of: Callable[[Sequence[str]], Mapping[str, str]] | None = None
    alert_values: frozenset[str] = frozenset()  # bars that should be zero
    empty_label: str = "None"

    @property
    def kind(self) -> str:  # type: ignore[override]
        return "stacked" if self.series_by else "bar"

    def _fields(self) -> list[str]:
        return [
            name for name in (self.group_by, self.label_by, self.series_by, self.series_label_by) if name is not None
        ]

    @property
    def counted_alone(self) -> bool:
        return self.labels_of is not None or self.series_labels_of is not None

    def group_fields(self) -> Sequence[str]:
        return self._fields()

    def aggregates(self, scope: Scope, prefix: str, where: Q | None) -> dict[str, Aggregate]:
        return {f"{prefix}n": Count("pk", filter=where)}

    def result(self, scope: Scope, rows: Sequence[Mapping[str, Any]], prefix: str, sample: int) -> FigureResult:
        # Rows counted with other figures are finer than this figure's groups, and some count none of it. A
        # figure by dataset reads thousands of rows: the loop looks up each attribute once.
        counted, group_by, series_by = f"{prefix}n", self.group_by, self.series_by
        labels: dict[str, str] = dict(self.labels or {})
        totals: dict[str, int] = dict.fromkeys(labels, 0)
        series_labels: dict[str, str] = dict(self.series_labels or {})
        series_totals: dict[str, int] = {}
        cells: dict[tuple[str, str], int] = {}
        labelled_later, series_labelled_later = self.labels_of is not None, self.series_labels_of is not None
        for row in rows:
            count = row[counted]
            if not count:
                continue
            value = _as_value(row[group_by])
            totals[value] = totals.get(value, 0) + count
            if not labelled_later and value not in labels:
                raw = row[self.label_by] if self.label_by else row[group_by]
                if raw in (None, ""):
                    labels[value] = self.empty_label
                else:
                    labels[value] = self.label_of(str(raw)) if self.label_of else str(raw)
            if series_by:
                series = _as_value(row[series_by])
                series_totals[series] = series_totals.get(series, 0) + count
                cells[value, series] = cells.get((value, series), 0) + count
                if not series_labelled_later and series not in series_labels:
                    raw = row[self.series_label_by] if self.series_label_by else row[series_by]
                    series_labels[series] = str(raw) if raw not in (None, "") else self.empty_label
        order = list(self.labels or {})
        room = max(TABLE_LIMIT - len(order), 0)
        if self.labels_of is not None:
            labels.update(self._looked_up(self.labels_of, self._contenders(totals, order, room)))
        if self.series_labels_of is not None:
            series_labels.update(
                self._looked_up(self.series_labels_of, [s for s in series_totals if s not in series_labels])
            )
        # The largest first, ties by label; with labels looked up, only the values that may be shown have one, and
        # the rest (left off the table) are ordered by their totals alone.
        extra = sorted(
            (v for v in totals if v not in order),
            key=lambda v: (v not in labels, -totals[v], labels.get(v, "")),
        )
        series_order = [s for s in (self.series_labels or {}) if s in series_totals]
        series_order += sorted(
            (s for s in series_totals if s not in series_order), key=lambda s: (-series_totals[s], series_labels[s])
        )
        shown = order + extra[:room]
        left_off = extra[len(shown) - len(order) :]
        url = self.url(scope)
        bars = []
        for value in shown:
            segments = tuple(
                # An empty segment is shown as 0, not linked: its address is not worked out.
                BarSegment(index, series_labels[series], cells.get((value, series), 0),
                           part_url(url, value, series) if cells.get((value, series)) else "")
                for index, series in enumerate(series_order)
            )  # fmt: skip
            bars.append(Bar(labels[value], totals[value], part_url(url, value), value in self.alert_values, segments))
        return FigureResult(
            self,
            scope,
            sum(totals.values()),
            url,
            bars,
            [series_labels[s] for s in series_order],
            more_bars=len(left_off),
            more_total=sum(totals[value] for value in left_off),
        )

    @staticmethod
    def _contenders(totals: Mapping[str, int], order: Sequence[str], room: int) -> list[str]:
        """The values that may be among the ``room`` largest: every value at least as large as the one in the
        last place (so that ties are broken by label, as when every value has one)."""
        ranked = sorted((v for v in totals if v not in order), key=lambda v: -totals[v])
        if len(ranked) <= room:
            return ranked
        if room == 0:
            return []
        cutoff = totals[ranked[room - 1]]
        return [v for v in ranked if totals[v] >= cutoff]

    def _looked_up(self, lookup: Callable[[Sequence[str]], Mapping[str, str]], values: Sequence[str]) -> dict[str, str]:
        wanted = [v for v in values if v != EMPTY]
        found = dict(lookup(wanted)) if wanted else {}
        return {v: found.get(v) or self.empty_label for v in values}

    def _match(self, queryset: QuerySet[Any], path: str, value: str, known: Mapping[str, str] | None) -> QuerySet[Any]:
        if known is not None and value not in known and value != EMPTY:
            raise BadValue(f"“{value}” is not one of the parts of “{self.title}”.")
        if value == EMPTY:
            condition = Q(**{f"{path}__isnull": True})
            if isinstance(_field_at(queryset.model, path), models.CharField | models.TextField):
                condition |= Q(**{path: ""})
            return queryset.filter(condition)
        try:
            return queryset.filter(**{path: value})
        except (ValueError, TypeError, ValidationError) as error:
            raise BadValue(f"“{value}” is not one of the parts of “{self.title}”.") from error

    def _filtered(self, scope: Scope, value: str | None, series: str | None) -> QuerySet[Any]:
        queryset = self.counted(scope)
        if value is not None:
            queryset = self._match(queryset, self.group_by, value, self.labels)
        if series is not None:
            if self.series_by is None:
                raise BadValue(f"“{self.title}” has no series to choose from.")
            queryset = self._match(queryset, self.series_by, series, self.series_labels)
        return queryset

    def records(self, scope: Scope, value: str | None = None, series: str | None = None) -> QuerySet[Any]:
        return self.listing(self._filtered(scope, value, series))

    def _label(
        self,
        scope: Scope,
        path: str,
        label_by: str | None,
        labels: Mapping[str, str] | None,
        value: str,
        label_of: Callable[[str], str] | None = None,
        lookup: Callable[[Sequence[str]], Mapping[str, str]] | None = None,
    ) -> str:
        if labels is not None and value in labels:
            return labels[value]
        if value == EMPTY:
            return self.empty_label
        if lookup is not None:
            # Named only if a record the viewer may see has the value: nothing is given away.
            if not self._match(self.counted(scope), path, value, labels).exists():
                return value
            return lookup([value]).get(value) or value
        if label_by is None:
            return label_of(value) if label_of else value
        # The label of a value no visible record has is the value itself: nothing is given away.
        found = self._match(self.counted(scope), path, value, labels).values_list(label_by, flat=True).first()
        return str(found) if found not in (None, "") else value

    def value_label(self, scope: Scope, value: str | None, series: str | None = None) -> str:
        parts = []
        if value is not None:
            parts.append(
                self._label(scope, self.group_by, self.label_by, self.labels, value, self.label_of, self.labels_of)
            )
        if series is not None and self.series_by is not None:
            parts.append(
                self._label(
                    scope, self.series_by, self.series_label_by, self.series_labels, series, None, self.series_labels_of
                )
            )
        return ", ".join(parts)


def choices(items: Iterable[tuple[Any, Any]], *, leave_out: Iterable[str] = ()) -> dict[str, str]:
    """A TextChoices' ``choices`` as the labels of a grouped figure, in their declared order."""
    left_out = set(leave_out)
    return {str(value): str(label) for value, label in items if str(value) not in left_out}

// Django's ORM in async code: a query run synchronously inside a coroutine makes Django raise
// `SynchronousOnlyOperation` (and would block the event loop if it did not). Which methods of a Manager
// (`Model.objects`) or QuerySet only build a query, which run it and their `a`-prefixed async variant
// (Django 4.1+; model instances' `asave`/`adelete`/`arefresh_from_db` 4.2+), and which classes are models.
// The rule recognises a query only where the chain is visible in the file: `Model.objects...` with `Model` a
// model class, a QuerySet assigned from one, an instance made by or fetched from one.

/** Module whose import (`from django.db import models`, `import django`) marks a file as using Django. */
export const DJANGO_MODULE = "django";

/** Base classes that make a class a model (`class Article(models.Model)`), by qualified name. */
export const DJANGO_MODEL_BASES: readonly string[] = [
  "django.db.models.Model",
  "django.db.models.base.Model",
  "django.contrib.auth.models.AbstractUser",
  "django.contrib.auth.models.AbstractBaseUser",
  "django.contrib.auth.base_user.AbstractBaseUser",
  "django.contrib.auth.models.PermissionsMixin",
];

/** Django's own model classes, used through `.objects` like the application's (`User.objects.get(...)`). */
export const DJANGO_MODEL_CLASSES: readonly string[] = [
  "django.contrib.auth.models.User",
  "django.contrib.auth.models.Group",
  "django.contrib.auth.models.Permission",
  "django.contrib.sessions.models.Session",
  "django.contrib.sites.models.Site",
  "django.contrib.contenttypes.models.ContentType",
];

/** The manager attribute every model has. */
export const DJANGO_MANAGER_ATTRIBUTE = "objects";

/** Manager and QuerySet methods that return a QuerySet without running a query. */
export const DJANGO_LAZY_METHODS: ReadonlySet<string> = new Set([
  "all",
  "filter",
  "exclude",
  "order_by",
  "reverse",
  "select_related",
  "prefetch_related",
  "values",
  "values_list",
  "annotate",
  "alias",
  "distinct",
  "only",
  "defer",
  "using",
  "none",
  "select_for_update",
  "extra",
  "union",
  "intersection",
  "difference",
  "dates",
  "datetimes",
]);

/** Manager and QuerySet methods that run the query, with their async variant (awaited), or null when none exists. */
export const DJANGO_QUERY_METHODS: ReadonlyMap<string, string | null> = new Map([
  ["get", "aget"],
  ["first", "afirst"],
  ["last", "alast"],
  ["earliest", "aearliest"],
  ["latest", "alatest"],
  ["count", "acount"],
  ["exists", "aexists"],
  ["contains", "acontains"],
  ["aggregate", "aaggregate"],
  ["in_bulk", "ain_bulk"],
  ["create", "acreate"],
  ["get_or_create", "aget_or_create"],
  ["update_or_create", "aupdate_or_create"],
  ["bulk_create", "abulk_create"],
  ["bulk_update", "abulk_update"],
  ["update", "aupdate"],
  ["delete", "adelete"],
  ["explain", "aexplain"],
  // `aiterator()` is iterated with `async for`, not awaited: no one-call rewrite.
  ["iterator", null],
]);

/** Query methods whose result is a model instance (`obj = Model.objects.get(...)`; then `obj.save()` queries). */
export const DJANGO_INSTANCE_RESULTS: ReadonlySet<string> = new Set(["get", "first", "last", "earliest", "latest", "create"]);

/** Model instance methods that run a query, with their async variant (Django 4.2+). */
export const DJANGO_INSTANCE_METHODS: ReadonlyMap<string, string> = new Map([
  ["save", "asave"],
  ["delete", "adelete"],
  ["refresh_from_db", "arefresh_from_db"],
]);

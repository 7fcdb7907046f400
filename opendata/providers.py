"""Optional sources of open data from apps that land later (``projects``, [2.4]: agreements, tranches, reports).

Open data reads the lower apps directly; an app above it cannot be imported from here, and one that does not
exist yet cannot be imported at all. Such an app registers a provider in its ``AppConfig.ready``::

    from opendata.providers import register_provider
    register_provider("projects", ProjectsOpenData())

A provider implements any of the two methods below (the base class answers "nothing"); each is asked once per
file or API page with every application or competition of it, so a provider answers in a fixed number of queries.
"""


class Provider:
    def disbursements(self, application_ids):
        """``{application_id: {"amount": Decimal, "transactions": [{"id", "date" (aware datetime), "amount"}]}}``
        for the awarded applications that received money (360Giving ``amountDisbursed`` and
        ``disbursementTransaction``; OCDS ``contracts[].implementation.transactions``)."""
        return {}

    def contracts(self, competition_ids):
        """``{competition_id: [contract, ...]}``: OCDS ``Contract`` objects (``id``, ``awardID``, ``status``,
        ``dateSigned``, ``value``, ``period``, ``implementation`` with ``milestones`` and ``transactions``),
        JSON-ready, with a ``date`` key (aware datetime) telling when the contract stage was last published; the
        open data emits each as a ``contract`` release of its own."""
        return {}


_PROVIDERS = {}


def register_provider(key, provider):
    _PROVIDERS[key] = provider


def unregister_provider(key):
    _PROVIDERS.pop(key, None)


def disbursements(application_ids):
    found = {}
    for provider in list(_PROVIDERS.values()):
        found.update(provider.disbursements(application_ids))
    return found


def contracts(competition_ids):
    found = {}
    for provider in list(_PROVIDERS.values()):
        for competition_id, rows in provider.contracts(competition_ids).items():
            found.setdefault(competition_id, []).extend(rows)
    return found

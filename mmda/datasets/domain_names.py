# Copyright (c) mmda contributors. All rights reserved.
"""The domain names of a benchmark, and the spellings it accepts."""
from typing import Dict, List, Tuple


class NamedDomains:
    """Resolves a benchmark's domain names, for datasets of any layout.

    A subclass sets ``DOMAINS`` (the canonical names) and may set
    ``DOMAIN_ALIASES`` (other spellings, lower case, to canonical names).
    :class:`MultiDomainDataset` and :func:`leave_one_domain_out` need only
    these, so file-based benchmarks (:class:`DomainDataset`) and generated
    ones (:class:`RotatedMNIST`) are held out the same way.
    """

    DOMAINS: Tuple[str, ...] = ()
    DOMAIN_ALIASES: Dict[str, str] = {}

    @classmethod
    def resolve_domain(cls, domain: str) -> str:
        """The canonical name of a domain, or an error listing them."""
        if isinstance(domain, str):
            for d in cls.DOMAINS:
                if domain.lower() == d.lower():
                    return d
            alias = cls.DOMAIN_ALIASES.get(domain.lower())
            if alias is not None:
                return alias
        raise ValueError(
            f'{cls.__name__}: unknown domain {domain!r}; expected one of '
            f'{", ".join(cls.DOMAINS)}')

    @classmethod
    def resolve_domains(cls, domain) -> List[str]:
        """The canonical names of one domain or a list of them, in order."""
        if domain is None:
            if len(cls.DOMAINS) == 1:
                return [cls.DOMAINS[0]]
            raise ValueError(
                f'{cls.__name__}: no domain given; expected one of '
                f'{", ".join(cls.DOMAINS)} (or a list of them)')
        names = [domain] if isinstance(domain, str) else list(domain)
        if not names:
            raise ValueError(f'{cls.__name__}: the list of domains is empty')
        resolved = [cls.resolve_domain(d) for d in names]
        if len(set(resolved)) != len(resolved):
            raise ValueError(
                f'{cls.__name__}: a domain is given twice in {names}')
        return resolved

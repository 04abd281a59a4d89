#!/usr/bin/env python3
"""Validates a caseload's files against the JSON Schemas in templates/schemas/.

usage: schema_validate.py SCHEMA_DIR CASELOAD_DIR

python3's standard library has no JSON Schema validator, so this is a small one
for exactly the draft-07 keywords the schemas use; a keyword it does not know
is an error, so the schemas cannot drift past what is tested. YAML is read as
caseload reads it: dates stay strings and a null value means the key is absent.
Prints one line per problem and 'N files, M problems'; exits 1 on a problem.
"""
import json, os, re, sys

import yaml

ANNOTATIONS = {'$schema', '$id', 'title', 'description', 'definitions', 'default', 'examples'}
TYPES = {
    'object': lambda v: isinstance(v, dict),
    'array': lambda v: isinstance(v, list),
    'string': lambda v: isinstance(v, str),
    'integer': lambda v: isinstance(v, int) and not isinstance(v, bool),
    'null': lambda v: v is None,
    'number': lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    'boolean': lambda v: isinstance(v, bool),
}


class Loader(yaml.SafeLoader):
    pass


# caseload reads YYYY-MM-DD as text, not as a timestamp
Loader.add_constructor('tag:yaml.org,2002:timestamp', lambda l, n: l.construct_scalar(n))
# and yes/no as the words they are (YAML 1.2, as editors read it); only
# true/false are booleans
Loader.add_constructor('tag:yaml.org,2002:bool', lambda l, n: {'true': True, 'false': False}.get(
    l.construct_scalar(n).lower(), l.construct_scalar(n)))


def absent_nulls(v):
    """caseload's rule: an empty value, ~ or null means the key is absent."""
    if isinstance(v, dict):
        return {k: absent_nulls(x) for k, x in v.items() if x is not None}
    if isinstance(v, list):
        return [absent_nulls(x) for x in v if x is not None]
    return v


def validate(v, s, root, path, errs):
    if '$ref' in s:
        ref = s['$ref']
        if not ref.startswith('#/definitions/'):
            raise ValueError('unsupported $ref ' + ref)
        return validate(v, root['definitions'][ref[len('#/definitions/'):]], root, path, errs)
    n0 = len(errs)
    for k, want in s.items():
        if k in ANNOTATIONS or k in ('then', 'else'):
            continue
        if k == 'type':
            want = want if isinstance(want, list) else [want]
            if not any(TYPES[t](v) for t in want):
                errs.append('%s: %r is not of type %s' % (path, v, '/'.join(want)))
                return
        elif k == 'enum':
            if v not in want:
                errs.append('%s: %r is not one of %s' % (path, v, want))
        elif k == 'const':
            if v != want:
                errs.append('%s: %r is not %r' % (path, v, want))
        elif k == 'pattern':
            if isinstance(v, str) and not re.search(want, v):
                errs.append('%s: %r does not match %s' % (path, v, want))
        elif k in ('minimum', 'maximum'):
            if isinstance(v, int) and (v < want if k == 'minimum' else v > want):
                errs.append('%s: %r is out of range (%s %s)' % (path, v, k, want))
        elif k in ('minItems', 'maxItems'):
            if isinstance(v, list) and (len(v) < want if k == 'minItems' else len(v) > want):
                errs.append('%s: %d items (%s %d)' % (path, len(v), k, want))
        elif k == 'minProperties':
            if isinstance(v, dict) and len(v) < want:
                errs.append('%s: fewer than %d keys' % (path, want))
        elif k == 'required':
            if isinstance(v, dict):
                for r in want:
                    if r not in v:
                        errs.append('%s: missing required key %r' % (path, r))
        elif k == 'properties':
            if isinstance(v, dict):
                for pk, ps in want.items():
                    if pk in v:
                        validate(v[pk], ps, root, path + '.' + pk, errs)
        elif k == 'additionalProperties':
            if isinstance(v, dict):
                for pk in v:
                    if pk in s.get('properties', {}):
                        continue
                    if want is False:
                        errs.append('%s: unknown key %r' % (path, pk))
                    elif isinstance(want, dict):
                        validate(v[pk], want, root, path + '.' + str(pk), errs)
        elif k == 'propertyNames':
            if isinstance(v, dict):
                for pk in v:
                    validate(pk, want, root, path + ' key ' + repr(pk), errs)
        elif k == 'items':
            if isinstance(v, list):
                for i, x in enumerate(v):
                    validate(x, want, root, '%s[%d]' % (path, i), errs)
        elif k == 'allOf':
            for alt in want:
                validate(v, alt, root, path, errs)
        elif k == 'anyOf':
            if not any(not _errors(v, alt, root, path) for alt in want):
                errs.append('%s: %r matches none of the allowed forms' % (path, v))
        elif k == 'if':
            branch = 'else' if _errors(v, want, root, path) else 'then'
            if branch in s:
                validate(v, s[branch], root, path, errs)
        else:
            raise ValueError('the validator does not know the keyword %r' % k)
    return len(errs) == n0


def _errors(v, s, root, path):
    e = []
    validate(v, s, root, path, e)
    return e


def front_matter(text):
    lines = text.split('\n')
    if not lines or lines[0].rstrip() != '---':
        raise ValueError('no front matter')
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ('---', '...'):
            return '\n'.join(lines[1:i])
    raise ValueError('front matter not closed')


def files(top):
    yield 'caseload.yaml', 'caseload'
    if os.path.exists(os.path.join(top, 'reviews.yaml')):
        yield 'reviews.yaml', 'reviews'
    rdir = os.path.join(top, 'resources')
    for f in sorted(os.listdir(rdir)) if os.path.isdir(rdir) else []:
        if f.endswith('.yaml') and not f.startswith('.'):
            yield 'resources/' + f, 'resource'
    cdir = os.path.join(top, 'cases')
    for c in sorted(os.listdir(cdir)) if os.path.isdir(cdir) else []:
        if c.startswith('.') or not os.path.isdir(os.path.join(cdir, c)):
            continue
        for f, kind in (('case.yaml', 'case'), ('plan.yaml', 'plan')):
            if os.path.exists(os.path.join(cdir, c, f)):
                yield 'cases/%s/%s' % (c, f), kind
        for sub, ext, kind in (('assessments', '.yaml', 'assessment'), ('notes', '.md', 'note')):
            d = os.path.join(cdir, c, sub)
            for f in sorted(os.listdir(d)) if os.path.isdir(d) else []:
                if f.endswith(ext) and not f.startswith('.'):
                    yield 'cases/%s/%s/%s' % (c, sub, f), kind


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sdir, top = sys.argv[1], sys.argv[2]
    schemas = {}
    for k in ('caseload', 'resource', 'case', 'plan', 'assessment', 'note', 'reviews'):
        with open(os.path.join(sdir, k + '.schema.json'), encoding='utf-8') as f:
            schemas[k] = json.load(f)
    nfiles = nprob = 0
    for rel, kind in files(top):
        nfiles += 1
        with open(os.path.join(top, rel), encoding='utf-8-sig') as f:
            text = f.read()
        try:
            doc = yaml.load(front_matter(text) if kind == 'note' else text, Loader=Loader)
        except (yaml.YAMLError, ValueError) as e:
            print('%s: cannot read: %s' % (rel, str(e).replace('\n', ' ')))
            nprob += 1
            continue
        for e in _errors(absent_nulls(doc), schemas[kind], schemas[kind], kind):
            print('%s: %s' % (rel, e))
            nprob += 1
    print('%d files, %d problems' % (nfiles, nprob))
    sys.exit(1 if nprob or not nfiles else 0)


if __name__ == '__main__':
    main()

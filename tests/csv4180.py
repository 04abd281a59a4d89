"""tests/csv4180.py: a strict RFC 4180 reader for the tests.

Python's csv module forgives what a spreadsheet may not: a bare LF, a quote
inside an unquoted field, text after a closing quote, rows of different
lengths. read() forgives none of it: every record ends with CRLF (the last
one too), a field is either unquoted (no comma, quote, CR or LF in it) or
quoted with its quotes doubled, every record has as many fields as the
header, and the bytes are UTF-8. It returns the records as lists of str, or
raises ValueError saying where the file breaks the rule.

As a program: `python3 tests/csv4180.py FILE...` reads each file and prints
nothing when all are well formed, else the first problem and exits 1.
"""
import sys


def read(data):
    """The records of data (bytes), each a list of str; ValueError if data
    is not strict RFC 4180 with CRLF line ends."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ValueError(f"not UTF-8: {e}") from None
    if not text.endswith("\r\n"):
        raise ValueError("the last record does not end with CRLF")
    rows, row, i, n, line = [], [], 0, len(text), 1
    while i < n:
        if text[i] == '"':
            # a quoted field: up to the lone closing quote
            j, field = i + 1, []
            while True:
                if j >= n:
                    raise ValueError(f"record {line}: a quoted field never ends")
                c = text[j]
                if c == '"':
                    if j + 1 < n and text[j + 1] == '"':
                        field.append('"')
                        j += 2
                        continue
                    j += 1
                    break
                field.append(c)
                j += 1
            value = "".join(field)
        else:
            j = i
            while j < n and text[j] not in ',"\r\n':
                j += 1
            if j < n and text[j] == '"':
                raise ValueError(f"record {line}: a quote inside an unquoted field")
            value = text[i:j]
        row.append(value)
        if j < n and text[j] == ",":
            i = j + 1
            if i == n:
                raise ValueError(f"record {line}: ends with a comma and no CRLF")
            continue
        if text.startswith("\r\n", j):
            rows.append(row)
            if len(row) != len(rows[0]):
                raise ValueError(f"record {line}: {len(row)} fields, the header has {len(rows[0])}")
            row, i, line = [], j + 2, line + 1
            continue
        raise ValueError(f"record {line}: {text[j:j + 1]!r} where a comma or CRLF should be")
    return rows


if __name__ == "__main__":
    for path in sys.argv[1:]:
        try:
            with open(path, "rb") as f:
                read(f.read())
        except ValueError as e:
            print(f"{path}: {e}")
            sys.exit(1)

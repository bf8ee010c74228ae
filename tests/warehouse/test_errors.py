"""The warehouse's numbered errors: coded, printed as ``code: detail``, picklable (they cross
process boundaries from Dask workers and NER processes), and still ``RuntimeError``s."""

from __future__ import annotations

import inspect
import pickle

import pytest

from storywire.tasks.records import CodedError
from storywire.warehouse import errors
from storywire.warehouse.errors import DataQualityError, QueryError, ViewError, WarehouseError

ERRORS = [WarehouseError, ViewError, QueryError, DataQualityError]


def test_every_error_of_the_module_is_covered_here():
    defined = {obj for _, obj in inspect.getmembers(errors, inspect.isclass)
               if obj.__module__ == errors.__name__}
    assert defined == set(ERRORS)


@pytest.mark.parametrize("cls", ERRORS)
def test_is_a_coded_error_printed_as_code_colon_detail(cls):
    exc = cls("SW201", "the detail, with: a colon")
    assert isinstance(exc, CodedError)
    assert (exc.code, exc.detail) == ("SW201", "the detail, with: a colon")
    assert str(exc) == "SW201: the detail, with: a colon"


@pytest.mark.parametrize("cls", ERRORS)
def test_survives_pickling_with_code_and_detail(cls):
    exc = cls("SW601", "3 offending rows")
    exc.transient = True  # keyword extras ride along with the error
    back = pickle.loads(pickle.dumps(exc))
    assert type(back) is cls
    assert (back.code, back.detail, str(back)) == ("SW601", "3 offending rows", "SW601: 3 offending rows")
    assert back.transient is True


@pytest.mark.parametrize("cls", ERRORS)
def test_stays_catchable_as_runtime_error(cls):
    with pytest.raises(RuntimeError) as info:
        raise cls("SW201", "not a warehouse")
    assert info.value.code == "SW201"


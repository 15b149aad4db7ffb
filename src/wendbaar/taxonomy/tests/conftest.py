from wendbaar.taxonomy.tests.test_esco_download import esco as esco_api  # noqa: F401 (fixture)

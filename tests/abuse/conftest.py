from .test_authorization_matrix import world  # noqa: F401  (the matrix's world, for the headers test)

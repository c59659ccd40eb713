"""Build: facts become RDF, one named graph per article."""

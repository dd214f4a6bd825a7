"""Where analysed articles live: SQLite by default."""

from masar.store.sqlite import BatchResult, SearchHit, Store, StoredArticle

__all__ = ["BatchResult", "SearchHit", "Store", "StoredArticle"]

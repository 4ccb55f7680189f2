/// IdosDevNode: a local idOS node speaking Kwil 0.10 JSON-RPC, storing its state in PostgreSQL.
public import Hummingbird
public import PostgresNIO

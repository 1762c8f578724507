def transfer_funds(db_connection, sender, recipient, amount):
    db_connection.execute(f"UPDATE accounts SET balance = balance - {amount} WHERE user = '{sender}'")
    db_connection.execute(f"UPDATE accounts SET balance = balance + {amount} WHERE user = '{recipient}'")

def transfer_funds(db_connection, sender, recipient, amount):
    amount = float(amount)
    if amount <= 0:
        raise ValueError("amount must be positive")
    with db_connection:
        db_connection.execute("UPDATE accounts SET balance = balance - ? WHERE user = ?", (amount, sender))
        db_connection.execute("UPDATE accounts SET balance = balance + ? WHERE user = ?", (amount, recipient))

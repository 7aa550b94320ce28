CREATE TABLE IF NOT EXISTS users (
  id            serial PRIMARY KEY,
  email         text UNIQUE NOT NULL,
  name          text NOT NULL,
  password_hash text NOT NULL,
  locale        text NOT NULL DEFAULT 'en',
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS products (
  sku         text PRIMARY KEY,
  title       text NOT NULL,
  price_cents integer NOT NULL
);

CREATE TABLE IF NOT EXISTS orders (
  id          serial PRIMARY KEY,
  user_id     integer NOT NULL REFERENCES users(id),
  total_cents integer NOT NULL,
  status      text NOT NULL DEFAULT 'pending',
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS order_items (
  order_id integer NOT NULL REFERENCES orders(id),
  sku      text NOT NULL REFERENCES products(sku),
  quantity integer NOT NULL
);

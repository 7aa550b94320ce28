CREATE TABLE images (
  id CHAR(36) PRIMARY KEY,
  album_id INT NOT NULL,
  owner_id INT NOT NULL,
  s3_key VARCHAR(255) NOT NULL,
  width INT, height INT,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  INDEX (album_id)
);
CREATE TABLE documents (
  id CHAR(36) PRIMARY KEY,
  owner_id INT NOT NULL,
  name VARCHAR(255),
  sha256 CHAR(64),
  s3_key VARCHAR(255) NOT NULL
);

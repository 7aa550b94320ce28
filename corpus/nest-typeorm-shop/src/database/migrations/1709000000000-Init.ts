import { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1709000000000 implements MigrationInterface {
  name = 'Init1709000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "users" ("id" SERIAL PRIMARY KEY, "email" varchar UNIQUE NOT NULL, "password_hash" varchar NOT NULL)`);
    await queryRunner.query(`CREATE TABLE "products" ("id" SERIAL PRIMARY KEY, "sku" varchar UNIQUE NOT NULL, "name" varchar NOT NULL, "category" varchar NOT NULL, "priceCents" int NOT NULL, "stock" int NOT NULL DEFAULT 0, "updatedAt" TIMESTAMP NOT NULL DEFAULT now())`);
    await queryRunner.query(`CREATE TABLE "orders" ("id" SERIAL PRIMARY KEY, "userId" int NOT NULL, "status" varchar NOT NULL DEFAULT 'pending', "totalCents" int NOT NULL, "createdAt" TIMESTAMP NOT NULL DEFAULT now())`);
    await queryRunner.query(`CREATE TABLE "order_items" ("id" SERIAL PRIMARY KEY, "orderId" int REFERENCES "orders"("id"), "productId" int NOT NULL, "quantity" int NOT NULL, "priceCents" int NOT NULL)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "order_items"`);
    await queryRunner.query(`DROP TABLE "orders"`);
    await queryRunner.query(`DROP TABLE "products"`);
    await queryRunner.query(`DROP TABLE "users"`);
  }
}

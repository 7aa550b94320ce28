'use strict';

module.exports = {
  async up(queryInterface) {
    const rows = [];
    for (let i = 1; i <= 100; i++) {
      rows.push({
        title: `Tutorial #${i}`,
        description: 'Demo tutorial',
        published: i % 2 === 0,
        createdAt: new Date(),
        updatedAt: new Date()
      });
    }
    await queryInterface.bulkInsert('tutorials', rows, {});
  },

  async down(queryInterface) {
    await queryInterface.bulkDelete('tutorials', null, {});
  }
};
